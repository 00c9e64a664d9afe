using Chat.Server.Accounts;
using Chat.Server.Data;
using Chat.Server.Friends;
using Chat.Server.Groups;
using Chat.Server.Observability;
using Microsoft.EntityFrameworkCore;

namespace Chat.Server.Messaging;

/// <summary>The original login payload (friends, groups with members, offline messages), and the catch-up
/// after a reconnect: everything visible to the caller with a larger id than the client has seen.</summary>
internal sealed class SyncService(ChatDbContext db, FriendsService friends, GroupQueries groups, OfflineReceipts receipts, ChatMetrics metrics)
{
    public const int PageSize = 500;

    /// <summary>Ids are handed out when a message is inserted, but messages become visible when they
    /// commit, and concurrent inserts on different nodes can commit (and be pushed) out of id order.
    /// A client that saw message n may therefore still miss a slightly older one. Catch-up also returns
    /// the caller's messages stored in this window before message n (at most <see cref="OverlapLimit"/>);
    /// clients drop the ones they have by id.</summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromSeconds(3);

    public const int OverlapLimit = 50;

    public async Task<SyncResultDto> SyncAsync(Caller caller, string connectionId, long? afterMessageId, CancellationToken ct)
    {
        var me = caller.Id;
        var messages = await PageAsync(afterMessageId is { } after
            ? VisibleTo(me).Where(m => m.Id > after)
            : from m in db.Messages
              join o in db.OfflineMessages on m.Id equals o.MessageId
              where o.UserId == me
              select m, ct);
        var hasMore = messages.Count > PageSize;
        if (hasMore)
        {
            messages.RemoveAt(PageSize);
        }

        if (messages.Count > 0)
        {
            // Out of the offline queue once the client shows it got them, never before (see OfflineReceipts).
            receipts.Handed(connectionId, me, messages[^1].Id);
        }

        if (afterMessageId is { } seen)
        {
            messages.InsertRange(0, await LateAsync(me, seen, ct));
        }

        metrics.Synced(afterMessageId, messages.Count);

        return new SyncResultDto(
            new UserRefDto(me, caller.Name),
            await friends.ListAsync(me, ct),
            await groups.OfUserAsync(me, ct),
            messages,
            hasMore);
    }

    /// <summary>The caller's messages with smaller ids than <paramref name="seen"/> stored shortly before it.</summary>
    private async Task<List<MessageDto>> LateAsync(int me, long seen, CancellationToken ct)
    {
        var seenAt = await db.Messages.Where(m => m.Id == seen).Select(m => (DateTime?)m.SentAt).FirstOrDefaultAsync(ct);
        if (seenAt is null)
        {
            return [];
        }

        // Bounded above too: open-ended, the scan would run to the newest message, and after a node dies
        // hundreds of clients sync at once, each from shortly before the kill.
        var from = seenAt.Value - Overlap;
        var first = await db.Messages.Where(m => m.SentAt >= from && m.SentAt <= seenAt.Value).MinAsync(m => (long?)m.Id, ct) ?? seen;
        var late = await MessageQueries.Project(db, VisibleTo(me)
                .Where(m => m.Id >= first && m.Id < seen)
                .OrderByDescending(m => m.Id).Take(OverlapLimit))
            .AsNoTracking().ToListAsync(ct);
        late.Sort((a, b) => a.Id.CompareTo(b.Id));
        return late;
    }

    private IQueryable<Message> VisibleTo(int me) =>
        db.Messages.Where(m => m.RecipientId == me || m.SenderId == me ||
            (m.GroupId != null && db.GroupMembers.Any(g => g.GroupId == m.GroupId && g.UserId == me)));

    private async Task<List<MessageDto>> PageAsync(IQueryable<Message> messages, CancellationToken ct)
    {
        var page = await MessageQueries.Project(db, messages.OrderBy(m => m.Id).Take(PageSize + 1)).AsNoTracking().ToListAsync(ct);
        page.Sort((a, b) => a.Id.CompareTo(b.Id));
        return page;
    }
}
