using Chat.Server.Data;
using Chat.Server.Realtime;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Server.Groups;

/// <summary>Pushes that show members' presence to a whole group, each member seeing it as they may: whoever
/// blocked a member shows as offline to that member. A group with no such pair costs one send, as before.</summary>
internal sealed class GroupPushes(ChatDbContext db, GroupMembership members, IHubContext<ChatHub, IChatClient> hub)
{
    private static readonly IReadOnlySet<int> NothingHidden = new HashSet<int>();

    public Task GroupUpdatedAsync(GroupDto group, CancellationToken ct) =>
        SendAsync(group.Id, [.. group.Members.Where(m => m.Online).Select(m => m.Id)], (clients, hidden) => clients.GroupUpdated(
            hidden.Count == 0 ? group : group with { Members = [.. group.Members.Select(m => hidden.Contains(m.Id) ? m with { Online = false } : m)] }), ct);

    public Task MemberJoinedAsync(int groupId, MemberDto member, CancellationToken ct) =>
        SendAsync(groupId, member.Online ? [member.Id] : [], (clients, hidden) => clients.GroupMemberJoined(
            new GroupMemberJoinedDto(groupId, hidden.Count == 0 ? member : member with { Online = false })), ct);

    private async Task SendAsync(int groupId, List<int> shownOnline, Func<IChatClient, IReadOnlySet<int>, Task> send, CancellationToken ct)
    {
        var blocks = shownOnline.Count == 0 ? [] : await db.Blocks
            .Where(b => shownOnline.Contains(b.UserId) && db.GroupMembers.Any(m => m.GroupId == groupId && m.UserId == b.BlockedId))
            .Select(b => new { b.UserId, b.BlockedId }).ToListAsync(ct);
        if (blocks.Count == 0)
        {
            await send(hub.Clients.Group(HubGroups.Chat(groupId)), NothingHidden);
            return;
        }

        var blockersOf = blocks.ToLookup(b => b.BlockedId, b => b.UserId);
        var others = (await members.MembersAsync(groupId, ct)).Where(id => !blockersOf.Contains(id)).Select(id => id.ToString()).ToList();
        await send(hub.Clients.Users(others), NothingHidden);
        foreach (var viewer in blockersOf)
        {
            await send(hub.Clients.User(viewer.Key.ToString()), viewer.ToHashSet());
        }
    }
}
