using Chat.Server.Accounts;
using Chat.Server.Data;
using Chat.Server.Friends;
using Chat.Server.Groups;
using Chat.Server.Presence;
using Chat.Server.Realtime;
using Microsoft.AspNetCore.SignalR;

namespace Chat.Server.Messaging;

/// <summary>Relays "is typing" to a friend or to the other members of a group, and to nobody else; at most
/// one per user and conversation per <c>Hub:TypingIntervalSeconds</c>. The rest are dropped silently and
/// before any check, so a flood costs no database; when the interval's first notice was refused, the dropped
/// ones get that refusal too. (A member who typed just before leaving has the rest of that interval dropped
/// silently: nothing is relayed either way.)</summary>
internal sealed class TypingService(
    ChatDbContext db, FriendPairs friends, GroupMembership membership, IPresenceTracker presence,
    IHubContext<ChatHub, IChatClient> hub, UserBudgets budgets)
{
    public async Task<Outcome<Done>> TypingAsync(Caller caller, int? toUserId, int? groupId, CancellationToken ct)
    {
        if (toUserId.HasValue == groupId.HasValue)
        {
            return Refused.Invalid("Set exactly one of toUserId and groupId.");
        }

        if (!await budgets.TryTypingAsync(caller.Id, toUserId, groupId))
        {
            return budgets.TypingRefusal(caller.Id, toUserId, groupId) is { } refused ? refused : new Done();
        }

        var outcome = await RelayAsync(caller, toUserId, groupId, ct);
        if (outcome.Refusal is { } refusal)
        {
            budgets.TypingRefused(caller.Id, toUserId, groupId, refusal);
        }

        return outcome;
    }

    private async Task<Outcome<Done>> RelayAsync(Caller caller, int? toUserId, int? groupId, CancellationToken ct)
    {
        if (toUserId is { } to)
        {
            if (!await friends.AreFriendsAsync(db, caller.Id, to, ct))
            {
                return Refused.Forbidden("You can only send typing notices to your friends.");
            }

            await hub.Clients.User(to.ToString()).Typing(new TypingDto(caller.Id, null));
            return new Done();
        }

        var group = groupId!.Value;
        if (await membership.RefusalAsync(group, caller.Id, ct) is { } refused)
        {
            return refused;
        }

        var own = await presence.ConnectionsOfAsync(caller.Id);
        await hub.Clients.GroupExcept(HubGroups.Chat(group), own).Typing(new TypingDto(caller.Id, group));
        return new Done();
    }
}
