using System.Threading.RateLimiting;
using Chat.Server.Data;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Chat.Server.Accounts;

internal static class AccountsExtensions
{
    public static WebApplicationBuilder AddChatIdentity(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();

        builder.AddSharedKeyRing();

        builder.Services.AddAuthentication(IdentityConstants.BearerScheme)
            .AddBearerToken(IdentityConstants.BearerScheme, bearer =>
            {
                bearer.Events.OnMessageReceived = context =>
                {
                    // Browsers cannot set headers on a WebSocket, so the hub takes the token from the query.
                    if (context.HttpContext.Request.Path.StartsWithSegments("/hubs")
                        && context.Request.Query["access_token"] is { Count: > 0 } token)
                    {
                        context.Token = token;
                    }

                    return Task.CompletedTask;
                };
            });
        // The lifetimes come from the validated AccountOptions, read once through IOptions.
        builder.Services.AddOptions<BearerTokenOptions>(IdentityConstants.BearerScheme).Configure<IOptions<AccountOptions>>((bearer, accounts) =>
        {
            bearer.BearerTokenExpiration = TimeSpan.FromMinutes(accounts.Value.AccessTokenMinutes);
            bearer.RefreshTokenExpiration = TimeSpan.FromDays(accounts.Value.RefreshTokenDays);
        });
        builder.Services.AddAuthorization();

        builder.Services.AddIdentityCore<ChatUser>(identity =>
            {
                identity.User.RequireUniqueEmail = false;
                identity.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._";
                identity.Password.RequiredLength = 1; // PasswordRules enforces the length, with its own message
                identity.Password.RequireDigit = false;
                identity.Password.RequireLowercase = false;
                identity.Password.RequireUppercase = false;
                identity.Password.RequireNonAlphanumeric = false;
                identity.Password.RequiredUniqueChars = 1;
                // No lockout: it lets anyone lock anyone out. LoginThrottle holds guessing back instead.
                identity.Lockout.AllowedForNewUsers = false;
            })
            .AddRoles<IdentityRole<int>>()
            .AddEntityFrameworkStores<ChatDbContext>()
            .AddSignInManager()
            .AddPasswordValidator<PasswordRules>();

        builder.Services.AddAccountRateLimits();
        builder.Services.AddSingleton(new PasswordGate());
        builder.Services.AddSingleton<LoginThrottle>();
        builder.Services.AddSingleton<ConfiguredAdmins>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ConfiguredAdmins>());
        builder.Services.AddScoped<SessionFamilies>();
        builder.Services.AddScoped<TokenService>();
        builder.Services.AddScoped<AccountService>();
        builder.Services.AddScoped<AccountSelfService>();
        builder.Services.AddScoped<AccountDeletion>();
        builder.Services.AddScoped<Admin.AdminService>();
        return builder;
    }

    /// <summary>Register, login and refresh: at most Accounts:RequestsPerMinutePerAddress per client address.</summary>
    private static void AddAccountRateLimits(this IServiceCollection services) =>
        services.AddRateLimiter(limiter =>
    {
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.AddPolicy(AccountEndpoints.RateLimitPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
            http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = http.RequestServices.GetRequiredService<IOptions<AccountOptions>>().Value.RequestsPerMinutePerAddress,
                Window = TimeSpan.FromMinutes(1),
            }));
        limiter.OnRejected = async (context, ct) =>
        {
            if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
            {
                Refused.SetRetryAfter(context.HttpContext.Response, retryAfter);
            }

            await TypedResults.Problem(title: "Too many requests from this address; try again later.", statusCode: StatusCodes.Status429TooManyRequests)
                .ExecuteAsync(context.HttpContext);
        };
    });
}
