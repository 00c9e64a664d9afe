using Chat.Server.Data;
using Chat.Server.Friends;
using Chat.Server.Groups;
using Chat.Server.Messaging;
using Chat.Server.Realtime;
using Microsoft.EntityFrameworkCore;

namespace Chat.Server.Accounts;

/// <summary>Deletes an account. Its row stays as a tombstone named "Deleted user" with no sign-in name or
/// password, so the messages it sent keep a sender and its name is free again; everything it held that others
/// do not (friendships, memberships, blocks, bans, roles, sessions, its offline queue) goes. Every step can run
/// again, so a deletion cut short by a crash is finished by deleting again.</summary>
internal sealed class AccountDeletion(
    ChatDbContext db, FriendsService friends, GroupsService groups, MessageActions messages, ISessionControl sessions, TimeProvider clock)
{
    /// <summary>False when there is no such account (or it is already deleted and nothing was left to do).</summary>
    public async Task<bool> DeleteAsync(int userId, bool erase, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (stamp, concurrency) = (Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString());
        // First, so that from here on nobody can sign in as them, use a token of theirs or befriend them.
        var tombstoned = await db.Users.Where(u => u.Id == userId && u.DeletedAt == null).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.DeletedAt, now)
            .SetProperty(u => u.UserName, ChatUser.DeletedName)
            .SetProperty(u => u.NormalizedUserName, (string?)null)
            .SetProperty(u => u.PasswordHash, (string?)null)
            .SetProperty(u => u.SecurityStamp, stamp)
            .SetProperty(u => u.ConcurrencyStamp, concurrency)
            .SetProperty(u => u.ReadReceipts, true), ct);
        if (tombstoned == 0 && !await db.Users.AnyAsync(u => u.Id == userId && u.DeletedAt != null, ct))
        {
            return false;
        }

        await sessions.CloseUserAsync(userId);
        foreach (var friendId in await db.Friends.Where(f => f.UserId == userId).Select(f => f.FriendId).ToListAsync(ct))
        {
            await friends.EndAsync(userId, friendId, ct);
        }

        // Each group passes on to its longest-standing member, or goes with its last one.
        foreach (var groupId in await db.GroupMembers.Where(m => m.UserId == userId).Select(m => m.GroupId).ToListAsync(ct))
        {
            await groups.RemoveAsync(groupId, userId, ct);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Blocks.Where(b => b.UserId == userId || b.BlockedId == userId).ExecuteDeleteAsync(ct);
        await db.GroupBans.Where(b => b.UserId == userId).ExecuteDeleteAsync(ct);
        await db.OfflineMessages.Where(o => o.UserId == userId).ExecuteDeleteAsync(ct);
        await db.SessionFamilies.Where(f => f.UserId == userId).ExecuteDeleteAsync(ct);
        await db.UserRoles.Where(r => r.UserId == userId).ExecuteDeleteAsync(ct);
        await db.UserClaims.Where(c => c.UserId == userId).ExecuteDeleteAsync(ct);
        await db.UserLogins.Where(l => l.UserId == userId).ExecuteDeleteAsync(ct);
        await db.UserTokens.Where(t => t.UserId == userId).ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);
        if (erase)
        {
            // One by one, as DeleteMessage does: each gets a change id, so clients holding it learn in catch-up.
            var self = new Caller(userId, ChatUser.DeletedName);
            foreach (var messageId in await db.Messages.Where(m => m.SenderId == userId && m.DeletedAt == null).Select(m => m.Id).ToListAsync(ct))
            {
                await messages.DeleteAsync(self, isAdmin: true, messageId, ct);
            }
        }

        return true;
    }
}
