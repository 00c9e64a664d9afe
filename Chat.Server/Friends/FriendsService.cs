using Chat.Server.Accounts;
using Chat.Server.Data;
using Chat.Server.Presence;
using Chat.Server.Realtime;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Chat.Server.Friends;

/// <summary>Friendship is mutual and immediate, as in the original system: one call makes both friends, and
/// one call (or a block) ends it for both. Nobody befriends someone who blocked them, or whom they blocked.</summary>
internal sealed class FriendsService(
    ChatDbContext db, FriendPairs pairs, IFriendshipEnds ends, IPresenceTracker presence, IHubContext<ChatHub, IChatClient> hub,
    TimeProvider clock, ActionLimiter limiter, IOptions<ActionLimitOptions> limits)
{
    public async Task<Outcome<UserDto>> AddAsync(Caller caller, int userId, CancellationToken ct)
    {
        if (userId == caller.Id)
        {
            return Refused.Invalid("You cannot add yourself as a friend.");
        }

        // Before the lookup: every attempt counts, so that nobody walks the ids to befriend everyone.
        var perMinute = limits.Value.FriendAddsPerMinute;
        if (await limiter.TryAsync("friend", caller.Id, perMinute, TimeSpan.FromMinutes(1)) is { } wait)
        {
            return Refused.Limited(
                $"You are adding friends too fast (at most {perMinute} a minute); try again in {Math.Ceiling(wait.TotalSeconds)} s.", wait);
        }

        var name = await db.Accounts.Where(u => u.Id == userId).Select(u => u.UserName).FirstOrDefaultAsync(ct);
        if (name is null)
        {
            return Refused.NotFound($"There is no user {userId}.");
        }

        if (await BlockRefusalAsync(caller.Id, userId, ct) is { } blocked)
        {
            return blocked;
        }

        var friend = new UserDto(userId, name, await presence.IsOnlineAsync(userId));
        if (await pairs.AreFriendsAsync(db, caller.Id, userId, ct))
        {
            return friend;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        db.Friends.Add(new Friendship { UserId = caller.Id, FriendId = userId, CreatedAt = now });
        db.Friends.Add(new Friendship { UserId = userId, FriendId = caller.Id, CreatedAt = now });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Both added each other at the same moment: fine if the other call wrote the rows.
            db.ChangeTracker.Clear();
            if (await pairs.AreFriendsAsync(db, caller.Id, userId, ct))
            {
                return friend;
            }

            throw;
        }

        db.ChangeTracker.Clear();
        // Again after the write: a block made meanwhile either sees these rows (and ends them) or is seen here.
        if (await BlockRefusalAsync(caller.Id, userId, ct) is { } blockedMeanwhile)
        {
            await EndAsync(caller.Id, userId, ct);
            return blockedMeanwhile;
        }

        pairs.Remember(caller.Id, userId);

        await hub.Clients.User(userId.ToString()).FriendAdded(new UserDto(caller.Id, caller.Name, true));
        return friend;
    }

    public async Task<Outcome<Done>> RemoveAsync(Caller caller, int userId, CancellationToken ct) =>
        await EndAsync(caller.Id, userId, ct) ? new Done() : Refused.NotFound($"User {userId} is not your friend.");

    /// <summary>Ends the friendship, if there is one: both rows go, every node forgets the pair, and both sides
    /// are told. False when they were not friends.</summary>
    public async Task<bool> EndAsync(int userId, int otherId, CancellationToken ct)
    {
        var ended = await db.Friends
            .Where(f => (f.UserId == userId && f.FriendId == otherId) || (f.UserId == otherId && f.FriendId == userId))
            .ExecuteDeleteAsync(ct);
        if (ended == 0)
        {
            return false;
        }

        await ends.EndedAsync(userId, otherId);
        await hub.Clients.User(userId.ToString()).FriendRemoved(new FriendRemovedDto(otherId));
        await hub.Clients.User(otherId.ToString()).FriendRemoved(new FriendRemovedDto(userId));
        return true;
    }

    private async Task<Refused?> BlockRefusalAsync(int userId, int otherId, CancellationToken ct)
    {
        var blockers = await db.Blocks
            .Where(b => (b.UserId == userId && b.BlockedId == otherId) || (b.UserId == otherId && b.BlockedId == userId))
            .Select(b => b.UserId).ToListAsync(ct);
        return blockers.Count == 0 ? null
            : blockers.Contains(userId) ? Refused.Forbidden("You have blocked this user; unblock them first.")
            : Refused.Forbidden("This user does not accept you as a friend.");
    }

    public async Task<IReadOnlyList<UserDto>> ListAsync(int userId, CancellationToken ct)
    {
        var friends = await (
                from f in db.Friends
                where f.UserId == userId
                join u in db.Users on f.FriendId equals u.Id
                orderby u.UserName
                select new { u.Id, Name = u.UserName! })
            .ToListAsync(ct);
        var online = await presence.OnlineAmongAsync(friends.ConvertAll(f => f.Id));
        return friends.ConvertAll(f => new UserDto(f.Id, f.Name, online.Contains(f.Id)));
    }
}
