using Chat.Server.Accounts;
using Chat.Server.Data;
using Chat.Server.Realtime;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Server.Presence;

/// <summary>When a user comes online or goes offline: the <c>User.State</c> and <c>LastSeenAt</c> columns follow, and their
/// friends and group co-members are told, but not those the user blocked. Nobody else is.</summary>
internal sealed class PresenceNotifier(ChatDbContext db, IHubContext<ChatHub, IChatClient> hub, TimeProvider clock)
{
    public async Task ChangedAsync(int userId, bool online)
    {
        var state = online ? UserStates.Online : UserStates.Offline;
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.State, state).SetProperty(u => u.LastSeenAt, now));
        var contacts = await ContactsOf(userId).ToListAsync();
        if (contacts.Count > 0)
        {
            await hub.Clients.Users(contacts.ConvertAll(id => id.ToString())).PresenceChanged(new PresenceDto(userId, online));
        }
    }

    /// <summary>Friends and members of the user's groups whom the user did not block: the people who see the user's presence.</summary>
    public IQueryable<int> ContactsOf(int userId) =>
        db.Friends.Where(f => f.UserId == userId).Select(f => f.FriendId)
            .Union(db.GroupMembers
                .Where(m => m.UserId != userId && db.GroupMembers.Any(mine => mine.UserId == userId && mine.GroupId == m.GroupId))
                .Select(m => m.UserId))
            .Where(id => !db.Blocks.Any(b => b.UserId == userId && b.BlockedId == id));
}
