using System.Security.Claims;
using Chat.Server.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;

namespace Chat.Server.Realtime;

/// <summary>A hub's WebSocket request lasts as long as its connection, and whatever the pipeline keeps
/// for it (awaiting middleware, the request's services, the bearer ticket, the token) stays in memory
/// that long: with thousands of idle connections that is a node's memory. So such a request skips what
/// only pages and the REST API need, and signs in with services let go as soon as the user is known.
/// Negotiation and long polling are short requests and take the ordinary path.</summary>
internal static class HubSockets
{
    private const string AuthenticationMiddlewareSetKey = "__AuthenticationMiddlewareSet";

    /// <summary>A request to open a hub WebSocket (HTTP/1.1 upgrade or HTTP/2 extended CONNECT). Asked of
    /// the server's features: SignalR adds the WebSocket one only inside its own endpoint.</summary>
    public static bool IsHubSocket(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/hubs")
        && (context.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true
            || context.Features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect == true);

    public static bool IsNotHubSocket(HttpContext context) => !IsHubSocket(context);

    /// <summary>Authentication and the current-session check for every request: the standard middleware,
    /// or for a hub socket the same checks in a scope of their own.</summary>
    public static WebApplication UseChatSignIn(this WebApplication app)
    {
        app.UseWhen(IsNotHubSocket, web => web.UseAuthentication().UseCurrentSessionsOnly());
        // UseAuthentication marks only the branch as authenticating; without the mark on the main
        // pipeline WebApplication adds a second authentication of every request (hub sockets included).
        ((IApplicationBuilder)app).Properties[AuthenticationMiddlewareSetKey] = true;
        var scopes = app.Services.GetRequiredService<IServiceScopeFactory>();
        app.UseWhen(IsHubSocket, hub => hub.Use(async (context, next) =>
        {
            await SignInAsync(context, scopes);
            await next(context);
        }));
        return app;
    }

    private static async Task SignInAsync(HttpContext context, IServiceScopeFactory scopes)
    {
        var requestServices = context.RequestServices;
        await using (var scope = scopes.CreateAsyncScope())
        {
            context.RequestServices = scope.ServiceProvider;
            try
            {
                var result = await context.AuthenticateAsync();
                if (result.Succeeded && await CurrentSessions.IsCurrentAsync(result.Principal, scope.ServiceProvider, context.RequestAborted))
                {
                    // Only what the hub reads (Caller): no ticket, no security stamp, no handler behind it.
                    var caller = Caller.From(result.Principal);
                    context.User = new ClaimsPrincipal(new ClaimsIdentity(
                        [new Claim(ClaimTypes.NameIdentifier, result.Principal.FindFirstValue(ClaimTypes.NameIdentifier)!), new Claim(ClaimTypes.Name, caller.Name)],
                        result.Principal.Identity!.AuthenticationType));
                }
            }
            finally
            {
                context.RequestServices = requestServices;
            }
        }

        // Read once; the header's copy would otherwise live as long as the connection.
        context.Request.Headers.Authorization = default;
    }
}
