using Chat.Server.Accounts;
using Chat.Server.Data;
using Chat.Server.Friends;
using Chat.Server.Groups;
using Chat.Server.Observability;
using Microsoft.EntityFrameworkCore;

namespace Chat.Server.Messaging;

/// <summary>The original login payload (friends, groups with members, offline messages), and the catch-up
/// after a reconnect: everything visible to the caller with a larger id or change id than the client has seen
/// (new messages in <c>messages</c>, older ones that changed in <c>updates</c>).</summary>
internal sealed class SyncService(ChatDbContext db, FriendsService friends, GroupQueries groups, OfflineReceipts receipts, ChatMetrics metrics)
{
    public const int PageSize = 500;

    /// <summary>Ids are handed out when a message is inserted (or changed), but become visible when they
    /// commit, and concurrent writes on different nodes can commit (and be pushed) out of id order.
    /// A client that saw id n may therefore still miss a slightly older one. Catch-up also returns
    /// the caller's messages stored or changed in this window before n (at most <see cref="OverlapLimit"/>
    /// of each); clients drop the ones they have by id, or by change id.</summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromSeconds(3);

    public const int OverlapLimit = 50;

    public async Task<SyncResultDto> SyncAsync(Caller caller, string connectionId, long? afterMessageId, CancellationToken ct)
    {
        var me = caller.Id;
        List<MessageDto> messages, updates = [];
        bool hasMore;
        if (afterMessageId is { } after)
        {
            (messages, updates, hasMore) = await CatchUpAsync(me, after, ct);
            Handed(connectionId, me, messages);
            var (lateMessages, lateUpdates) = await LateAsync(me, after, ct);
            messages.InsertRange(0, lateMessages);
            updates.InsertRange(0, lateUpdates);
        }
        else
        {
            messages = await MessageQueries.ListAsync(db, (
                    from m in db.Messages
                    join o in db.OfflineMessages on m.Id equals o.MessageId
                    where o.UserId == me
                    select m).OrderBy(m => m.Id).Take(PageSize + 1), ct);
            hasMore = messages.Count > PageSize;
            if (hasMore)
            {
                messages.RemoveAt(PageSize);
            }

            Handed(connectionId, me, messages);
        }

        metrics.Synced(afterMessageId, messages.Count);

        return new SyncResultDto(
            new UserRefDto(me, caller.Name),
            await friends.ListAsync(me, ct),
            await groups.OfUserAsync(me, ct),
            messages,
            hasMore,
            updates);
    }

    // Out of the offline queue once the client shows it got them, never before (see OfflineReceipts).
    private void Handed(string connectionId, int me, List<MessageDto> messages)
    {
        if (messages.Count > 0)
        {
            receipts.Handed(connectionId, me, messages[^1].Id);
        }
    }

    /// <summary>One stream of positions: a message's is its change id (its id until it changes). The page is the
    /// first <see cref="PageSize"/> positions after the cursor, so a client whose cursor is the largest id or
    /// change id it got has missed nothing below it.</summary>
    private async Task<(List<MessageDto> Messages, List<MessageDto> Updates, bool HasMore)> CatchUpAsync(int me, long after, CancellationToken ct)
    {
        var fresh = await MessageQueries.ListAsync(db, VisibleTo(me).Where(m => m.Id > after).OrderBy(m => m.Id).Take(PageSize + 1), ct);
        var changed = await MessageQueries.ListAsync(db, VisibleTo(me).Where(m => m.ChangeId > after && m.Id <= after)
            .OrderBy(m => m.ChangeId).Take(PageSize + 1), ct);
        // A list cut short is complete only up to its last row's id (fresh) or change id (changed): every
        // position up to the smaller of the two is known, and the page stops there.
        var end = Math.Min(fresh.Count > PageSize ? fresh[^1].Id : long.MaxValue, changed.Count > PageSize ? changed[^1].ChangeId : long.MaxValue);
        var page = fresh.Concat(changed).Where(m => m.ChangeId <= end).OrderBy(m => m.ChangeId).ToList();
        var hasMore = end != long.MaxValue || page.Count > PageSize;
        if (page.Count > PageSize)
        {
            page.RemoveRange(PageSize, page.Count - PageSize);
        }

        return ([.. page.Where(m => m.Id > after).OrderBy(m => m.Id)], [.. page.Where(m => m.Id <= after)], hasMore);
    }

    /// <summary>The caller's messages with smaller ids (and changes with smaller change ids) than
    /// <paramref name="seen"/>, stored or changed shortly before it.</summary>
    private async Task<(List<MessageDto> Messages, List<MessageDto> Updates)> LateAsync(int me, long seen, CancellationToken ct)
    {
        // The cursor names a message, or a change of one (the latest, or one since superseded: then the
        // nearest message before it dates it).
        var seenAt = await db.Messages.Where(m => m.ChangeId == seen).Select(m => m.ChangedAt).FirstOrDefaultAsync(ct)
            ?? await db.Messages.Where(m => m.Id <= seen).OrderByDescending(m => m.Id).Select(m => (DateTime?)m.SentAt).FirstOrDefaultAsync(ct);
        if (seenAt is null)
        {
            return ([], []);
        }

        // Bounded above too: open-ended, the scan would run to the newest message, and after a node dies
        // hundreds of clients sync at once, each from shortly before the kill.
        var from = seenAt.Value - Overlap;
        var first = await db.Messages.Where(m => m.SentAt >= from && m.SentAt <= seenAt.Value).MinAsync(m => (long?)m.Id, ct) ?? seen;
        // One that changed after the cursor comes in updates at its position instead: its state here would carry
        // a change id past the end of a page cut short, and a client's cursor past changes the page has not handed.
        var late = await MessageQueries.ListAsync(db, VisibleTo(me)
                .Where(m => m.Id >= first && m.Id < seen && (m.ChangeId == null || m.ChangeId <= seen))
                .OrderByDescending(m => m.Id).Take(OverlapLimit), ct);
        late.Sort((a, b) => a.Id.CompareTo(b.Id));
        var before = await MessageQueries.LastIdBeforeAsync(db, from, ct);
        var lateChanges = await MessageQueries.ListAsync(db, VisibleTo(me)
                .Where(m => m.ChangeId > before && m.ChangeId < seen && m.ChangedAt >= from && m.Id < first)
                .OrderByDescending(m => m.ChangeId).Take(OverlapLimit), ct);
        lateChanges.Sort((a, b) => a.ChangeId.CompareTo(b.ChangeId));
        return (late, lateChanges);
    }

    private IQueryable<Message> VisibleTo(int me) =>
        db.Messages.Where(m => m.RecipientId == me || m.SenderId == me ||
            (m.GroupId != null && db.GroupMembers.Any(g => g.GroupId == m.GroupId && g.UserId == me)));
}
