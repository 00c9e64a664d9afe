using System.Security.Claims;
using Chat.Server.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Chat.Server.Accounts;

internal static class CurrentSessions
{
    /// <summary>Bearer tokens stay valid until they expire, so a token issued before the user logged
    /// out (which changes the security stamp), or of a login whose session family was ended, is treated
    /// here as no token at all: REST answers 401 and the hub refuses the connection. One indexed read per
    /// request; hub messages ride the open socket.</summary>
    public static IApplicationBuilder UseCurrentSessionsOnly(this IApplicationBuilder app)
    {
        var scopes = app.ApplicationServices.GetRequiredService<IServiceScopeFactory>();
        app.Use(async (context, next) =>
        {
            if (context.User.Identity?.IsAuthenticated == true)
            {
                // A scope of its own: a database context taken from the request's services would be held
                // (and kept out of the pool) as long as the request.
                await using var scope = scopes.CreateAsyncScope();
                if (!await IsCurrentAsync(context.User, scope.ServiceProvider, context.RequestAborted))
                {
                    context.User = new();
                }
            }

            await next();
        });
        return app;
    }

    /// <summary>Whether the signed-in user's token carries their current security stamp and belongs to a
    /// session family that has not been ended by a reused refresh token.</summary>
    public static async Task<bool> IsCurrentAsync(ClaimsPrincipal user, IServiceProvider services, CancellationToken ct)
    {
        var claimType = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        var stamp = user.FindFirst(claimType)?.Value;
        if (stamp is null || !Guid.TryParseExact(user.FindFirst(SessionFamily.ClaimType)?.Value, "N", out var family))
        {
            return false;
        }

        var id = Caller.From(user).Id;
        var db = services.GetRequiredService<ChatDbContext>();
        var current = await db.Users.Where(u => u.Id == id)
            .Select(u => new { u.SecurityStamp, Live = db.SessionFamilies.Any(f => f.Id == family && f.EndedAt == null) })
            .FirstOrDefaultAsync(ct);
        return current is { Live: true } && current.SecurityStamp == stamp;
    }
}
