using Chat.Server.Accounts;
using Chat.Server.Data;
using Chat.Server.Friends;
using Chat.Server.Groups;

namespace Chat.Server.Messaging;

/// <summary>Paging back through a conversation, newest page first, each page oldest first.</summary>
internal sealed class HistoryService(ChatDbContext db, FriendPairs friends, GroupMembership membership)
{
    public const int MaxLimit = 200;

    public async Task<Outcome<IReadOnlyList<MessageDto>>> DirectAsync(
        Caller caller, int userId, long? beforeMessageId, int limit, CancellationToken ct)
    {
        if (LimitProblem(limit) is { } problem)
        {
            return problem;
        }

        if (!await friends.AreFriendsAsync(db, caller.Id, userId, ct))
        {
            return Refused.Forbidden("You can only read the history of a conversation with a friend.");
        }

        var key = Message.PairKeyOf(caller.Id, userId);
        return await PageAsync(db.Messages.Where(m => m.PairKey == key), beforeMessageId, limit, ct);
    }

    public async Task<Outcome<IReadOnlyList<MessageDto>>> GroupAsync(
        Caller caller, int groupId, long? beforeMessageId, int limit, CancellationToken ct)
    {
        if (LimitProblem(limit) is { } problem)
        {
            return problem;
        }

        if (await membership.RefusalAsync(groupId, caller.Id, ct) is { } refused)
        {
            return refused;
        }

        return await PageAsync(db.Messages.Where(m => m.GroupId == groupId), beforeMessageId, limit, ct);
    }

    private static Refused? LimitProblem(int limit) =>
        limit is < 1 or > MaxLimit ? Refused.Invalid($"limit must be 1 to {MaxLimit}.") : null;

    private async Task<Outcome<IReadOnlyList<MessageDto>>> PageAsync(
        IQueryable<Message> conversation, long? beforeMessageId, int limit, CancellationToken ct)
    {
        if (beforeMessageId is { } before)
        {
            conversation = conversation.Where(m => m.Id < before);
        }

        var page = await MessageQueries.ListAsync(db, conversation.OrderByDescending(m => m.Id).Take(limit), ct);
        page.Sort((a, b) => a.Id.CompareTo(b.Id));
        return Outcome<IReadOnlyList<MessageDto>>.Ok(page);
    }
}
