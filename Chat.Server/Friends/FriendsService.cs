using Chat.Server.Accounts;
using Chat.Server.Data;
using Chat.Server.Presence;
using Chat.Server.Realtime;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Chat.Server.Friends;

/// <summary>Friendship is mutual and immediate, as in the original system: one call makes both friends.</summary>
internal sealed class FriendsService(
    ChatDbContext db, FriendPairs pairs, IPresenceTracker presence, IHubContext<ChatHub, IChatClient> hub, TimeProvider clock,
    ActionLimiter limiter, IOptions<ActionLimitOptions> limits)
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

        var name = await db.Users.Where(u => u.Id == userId).Select(u => u.UserName).FirstOrDefaultAsync(ct);
        if (name is null)
        {
            return Refused.NotFound($"There is no user {userId}.");
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
        pairs.Remember(caller.Id, userId);

        await hub.Clients.User(userId.ToString()).FriendAdded(new UserDto(caller.Id, caller.Name, true));
        return friend;
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
