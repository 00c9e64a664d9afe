using System.Globalization;
using System.Security.Claims;
using Chat.Server.Accounts;
using Chat.Server.Observability;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http.Features;

namespace Chat.Server.Realtime;

/// <summary>A hub's WebSocket request lasts as long as its connection, and whatever the pipeline keeps
/// for it (awaiting middleware, the request's services, the bearer ticket, the token) stays in memory
/// that long: with thousands of idle connections that is a node's memory. So such a request skips the
/// middleware that only pages and the REST API need, and is signed in and authorized against the hub's
/// policy with services that are let go as soon as that is decided; then the hub takes it over.
/// Negotiation and long polling are short requests and take the ordinary path.</summary>
internal static class HubSockets
{
    /// <summary>A request to open a hub WebSocket (HTTP/1.1 upgrade or HTTP/2 extended CONNECT). Asked of
    /// the server's features: SignalR adds the WebSocket one only inside its own endpoint.</summary>
    public static bool IsHubSocket(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/hubs")
        && (context.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true
            || context.Features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect == true);

    public static bool IsNotHubSocket(HttpContext context) => !IsHubSocket(context);

    /// <summary>Authentication, the current-session check and the user's log scope: for hub sockets here,
    /// then straight to the hub; for every other request the standard middleware (UseAuthorization follows it).</summary>
    public static WebApplication UseChatSignIn(this WebApplication app)
    {
        var scopes = app.Services.GetRequiredService<IServiceScopeFactory>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HubSockets));
        app.Use((context, next) => IsHubSocket(context) && context.GetEndpoint() is { RequestDelegate: { } hub } endpoint
            ? OpenAsync(context, endpoint, hub, scopes, logger)
            : next(context));
        app.UseAuthentication();
        app.UseCurrentSessionsOnly();
        app.UseUserLogScope();
        return app;
    }

    private static async Task OpenAsync(HttpContext context, Endpoint endpoint, RequestDelegate hub, IServiceScopeFactory scopes, ILogger logger)
    {
        if (await SignInAsync(context, endpoint, scopes))
        {
            // Around the whole connection: its set-up, its calls and SignalR's own logs all name the user.
            using (UserLogScope.Begin(logger, Caller.From(context.User).Id))
            {
                await hub(context);
            }
        }
    }

    /// <summary>What UseAuthentication, UseCurrentSessionsOnly and UseAuthorization do, with the request's
    /// services swapped for a scope that ends here. False when the request was refused (401 or 403).</summary>
    private static async Task<bool> SignInAsync(HttpContext context, Endpoint endpoint, IServiceScopeFactory scopes)
    {
        var requestServices = context.Features.Get<IServiceProvidersFeature>();
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        context.Features.Set<IServiceProvidersFeature>(new ServiceProvidersFeature { RequestServices = services });
        try
        {
            var result = await context.AuthenticateAsync();
            if (result.Succeeded && await CurrentSessions.IsCurrentAsync(result.Principal, services, context.RequestAborted))
            {
                // Only what the hub reads (Caller, the admin role) and the session family (to close the connection
                // if the family ends): no ticket, no security stamp.
                var caller = Caller.From(result.Principal);
                context.User = new ClaimsPrincipal(new ClaimsIdentity(
                    [new Claim(ClaimTypes.NameIdentifier, caller.Id.ToString(CultureInfo.InvariantCulture)), new Claim(ClaimTypes.Name, caller.Name),
                        result.Principal.FindFirst(SessionFamily.ClaimType)!, .. result.Principal.FindAll(ClaimTypes.Role)],
                    result.Principal.Identity!.AuthenticationType));
            }

            // The token was read; the header's copy would otherwise live as long as the connection.
            context.Request.Headers.Authorization = default;
            return await AuthorizeAsync(context, endpoint, services);
        }
        finally
        {
            context.Features.Set(requestServices);
        }
    }

    private static async Task<bool> AuthorizeAsync(HttpContext context, Endpoint endpoint, IServiceProvider services)
    {
        var policy = await AuthorizationPolicy.CombineAsync(services.GetRequiredService<IAuthorizationPolicyProvider>(),
            endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>(), endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>());
        if (policy is null || endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return true;
        }

        var evaluator = services.GetRequiredService<IPolicyEvaluator>();
        var authorized = await evaluator.AuthorizeAsync(policy, await evaluator.AuthenticateAsync(policy, context), context, context);
        if (authorized.Challenged)
        {
            await context.ChallengeAsync();
        }
        else if (authorized.Forbidden)
        {
            await context.ForbidAsync();
        }

        return authorized.Succeeded;
    }
}
