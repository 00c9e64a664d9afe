using Chat.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace Chat.Server.Groups;

/// <summary>The one membership rule: who is in a group, and what someone who is not is told (forbidden when the
/// group exists, not found when it does not). Sending, history, typing and the group routes all ask here.</summary>
internal sealed class GroupMembership(ChatDbContext db)
{
    public Task<bool> IsMemberAsync(int groupId, int userId, CancellationToken ct) =>
        db.GroupMembers.AnyAsync(m => m.GroupId == groupId && m.UserId == userId, ct);

    public Task<List<int>> MembersAsync(int groupId, CancellationToken ct) =>
        db.GroupMembers.Where(m => m.GroupId == groupId).Select(m => m.UserId).ToListAsync(ct);

    /// <summary>Null when the user is a member, else why they may not act in the group.</summary>
    public async Task<Refused?> RefusalAsync(int groupId, int userId, CancellationToken ct) =>
        await IsMemberAsync(groupId, userId, ct) ? null : await NotMemberAsync(groupId, ct);

    public Task<int?> CreatorOfAsync(int groupId, CancellationToken ct) =>
        db.Groups.Where(g => g.Id == groupId).Select(g => (int?)g.CreatorId).FirstOrDefaultAsync(ct);

    /// <summary>Null when the caller may manage the group (its creator, or an admin), else why not.</summary>
    public async Task<Refused?> ManageRefusalAsync(int groupId, int callerId, bool isAdmin, CancellationToken ct) =>
        await CreatorOfAsync(groupId, ct) switch
        {
            null => Refused.NotFound($"There is no group {groupId}."),
            var creator when creator == callerId || isAdmin => null,
            _ => Refused.Forbidden("Only the group's creator or an admin can manage it."),
        };

    public async Task<Refused> NotMemberAsync(int groupId, CancellationToken ct) =>
        await db.Groups.AnyAsync(g => g.Id == groupId, ct)
            ? Refused.Forbidden("You are not a member of this group.")
            : Refused.NotFound($"There is no group {groupId}.");
}
