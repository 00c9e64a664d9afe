using Chat.Server.Data;
using Chat.Server.Realtime;
using Microsoft.EntityFrameworkCore;

namespace Chat.Server.Accounts;

/// <summary>Keeps each login's refresh token chain in the shared database, so that every node agrees on
/// which token of a family is the newest and a copied one is caught on whichever node it comes back.</summary>
internal sealed class SessionFamilies(ChatDbContext db, TimeProvider clock, ISessionControl sessions, ILogger<SessionFamilies> logger)
{
    /// <summary>A new family for a login, at generation 0. Families of the user whose last token has
    /// expired are deleted here, so the table holds about one row per live login.</summary>
    public async Task<Guid> StartAsync(int userId, DateTime expiresAt)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.SessionFamilies.Where(f => f.UserId == userId && f.ExpiresAt < now).ExecuteDeleteAsync();
        var family = new SessionFamily { Id = Guid.NewGuid(), UserId = userId, CreatedAt = now, ExpiresAt = expiresAt };
        db.SessionFamilies.Add(family);
        await db.SaveChangesAsync();
        db.Entry(family).State = EntityState.Detached;
        return family.Id;
    }

    /// <summary>Moves the family from <paramref name="generation"/> to the next one, if that is its newest
    /// token. One conditional UPDATE: of two nodes redeeming the same token at once, the database lets
    /// exactly one change the row. Otherwise the token was redeemed before, so it was copied (or raced
    /// with its owner): the family ends, and with it the tokens the other holder got (RFC 9700 4.14).</summary>
    public async Task<bool> AdvanceAsync(Guid id, int userId, int generation, DateTime expiresAt)
    {
        var advanced = await db.SessionFamilies
            .Where(f => f.Id == id && f.UserId == userId && f.Generation == generation && f.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.Generation, generation + 1).SetProperty(f => f.ExpiresAt, expiresAt));
        if (advanced == 1)
        {
            return true;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var ended = await db.SessionFamilies.Where(f => f.Id == id && f.UserId == userId && f.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.EndedAt, now));
        if (ended == 1)
        {
            logger.LogWarning("A used refresh token of user {UserId} came back: its login's session family {Family} is ended", userId, id);
            await sessions.CloseSessionAsync(id);
        }

        return false;
    }
}
