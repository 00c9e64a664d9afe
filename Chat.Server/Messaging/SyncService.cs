using Chat.Server.Accounts;
using Chat.Server.Data;
using Chat.Server.Friends;
using Chat.Server.Groups;
using Microsoft.EntityFrameworkCore;

namespace Chat.Server.Messaging;

/// <summary>The original login payload (friends, groups with members, offline messages), and the catch-up
/// after a reconnect: everything visible to the caller with a larger id than the client has seen.</summary>
internal sealed class SyncService(ChatDbContext db, FriendsService friends, GroupQueries groups)
{
    public const int PageSize = 500;

    public async Task<SyncResultDto> SyncAsync(Caller caller, long? afterMessageId, CancellationToken ct)
    {
        var me = caller.Id;
        IQueryable<Message> pending = afterMessageId is { } after
            ? db.Messages.Where(m => m.Id > after && (m.RecipientId == me || m.SenderId == me ||
                (m.GroupId != null && db.GroupMembers.Any(g => g.GroupId == m.GroupId && g.UserId == me))))
            : from m in db.Messages
              join o in db.OfflineMessages on m.Id equals o.MessageId
              where o.UserId == me
              select m;
        var messages = await MessageQueries.Project(db, pending.OrderBy(m => m.Id).Take(PageSize + 1))
            .AsNoTracking().ToListAsync(ct);
        messages.Sort((a, b) => a.Id.CompareTo(b.Id));
        var hasMore = messages.Count > PageSize;
        if (hasMore)
        {
            messages.RemoveAt(PageSize);
        }

        if (messages.Count > 0)
        {
            // Deleted only after they were read: a node dying in between re-delivers, never loses.
            var last = messages[^1].Id;
            await db.OfflineMessages.Where(o => o.UserId == me && o.MessageId <= last).ExecuteDeleteAsync(ct);
        }

        return new SyncResultDto(
            new MeDto(me, caller.Name),
            await friends.ListAsync(me, ct),
            await groups.OfUserAsync(me, ct),
            messages,
            hasMore);
    }
}
