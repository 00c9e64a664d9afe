using Chat.Server.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Chat.Server.Accounts;

internal static class CurrentSessions
{
    /// <summary>Bearer tokens stay valid until they expire, so a token issued before the user logged
    /// out (which changes the security stamp) is treated here as no token at all: REST answers 401 and
    /// the hub refuses the connection. One indexed read per request; hub messages ride the open socket.</summary>
    public static WebApplication UseCurrentSessionsOnly(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.User.Identity?.IsAuthenticated == true)
            {
                var claimType = context.RequestServices.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
                var stamp = context.User.FindFirst(claimType)?.Value;
                var id = Caller.From(context.User).Id;
                // A scope of its own: a hub connection's request lasts as long as the connection, and a
                // database context taken from the request's services would be held (and kept out of the
                // pool) all that time.
                await using var scope = context.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
                var current = await db.Users.Where(u => u.Id == id).Select(u => u.SecurityStamp).FirstOrDefaultAsync(context.RequestAborted);
                if (stamp is null || current != stamp)
                {
                    context.User = new();
                }
            }

            await next();
        });
        return app;
    }
}
