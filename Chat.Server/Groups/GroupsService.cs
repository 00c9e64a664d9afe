using Chat.Server.Accounts;
using Chat.Server.Data;
using Chat.Server.Realtime;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Chat.Server.Groups;

/// <summary>Group rules: anyone may create or join (unless banned); only the creator or an admin may change or
/// delete a group; a member may leave, and the creator or an admin may remove anyone. When the creator goes, the
/// longest-standing member becomes creator; when the last member goes, the group is deleted.</summary>
internal sealed class GroupsService(
    ChatDbContext db, GroupQueries queries, GroupMembership members, HubMembership connections, GroupPushes pushes,
    IHubContext<ChatHub, IChatClient> hub, TimeProvider clock, ActionLimiter limiter, IOptions<ActionLimitOptions> limits)
{
    public async Task<Outcome<GroupDto>> CreateAsync(Caller caller, string? name, string? description, CancellationToken ct)
    {
        if (Problem(name, description, out var cleanName, out var cleanDescription) is { } problem)
        {
            return Refused.Invalid(problem);
        }

        if (await LimitAsync(caller, ct) is { } refused)
        {
            return refused;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var group = new ChatGroup { Name = cleanName, Description = cleanDescription, CreatorId = caller.Id, CreatedAt = now };
        db.Groups.Add(group);
        await db.SaveChangesAsync(ct);
        db.GroupMembers.Add(new GroupMember { GroupId = group.Id, UserId = caller.Id, Role = GroupRoles.Creator, JoinedAt = now });
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        await connections.AddAsync(caller.Id, group.Id);
        return (await queries.GetAsync(group.Id, caller.Id, ct))!;
    }

    public async Task<Outcome<GroupDto>> JoinAsync(Caller caller, int groupId, CancellationToken ct)
    {
        if (!await db.Groups.AnyAsync(g => g.Id == groupId, ct))
        {
            return Refused.NotFound($"There is no group {groupId}.");
        }

        if (await IsBannedAsync(groupId, caller.Id, ct))
        {
            return Banned;
        }

        if (!await members.IsMemberAsync(groupId, caller.Id, ct))
        {
            db.GroupMembers.Add(new GroupMember { GroupId = groupId, UserId = caller.Id, Role = GroupRoles.Normal, JoinedAt = clock.GetUtcNow().UtcDateTime });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // The same user joined from two connections at once: fine if the other call wrote the row.
                db.ChangeTracker.Clear();
                if (!await members.IsMemberAsync(groupId, caller.Id, ct))
                {
                    throw;
                }
            }

            db.ChangeTracker.Clear();
            // Again after the write: a ban made meanwhile either sees this row (and removes it) or is seen here.
            if (await IsBannedAsync(groupId, caller.Id, ct))
            {
                await RemoveAsync(groupId, caller.Id, ct);
                return Banned;
            }

            await connections.AddAsync(caller.Id, groupId);
            var group = (await queries.GetAsync(groupId, caller.Id, ct))!;
            var member = group.Members.First(m => m.Id == caller.Id);
            await pushes.MemberJoinedAsync(groupId, member, ct);
            return group;
        }

        return (await queries.GetAsync(groupId, caller.Id, ct))!;
    }

    /// <summary>The caller leaves the group.</summary>
    public Task<Outcome<Done>> LeaveAsync(Caller caller, int groupId, CancellationToken ct) =>
        RemoveMemberAsync(caller, isAdmin: false, groupId, caller.Id, ct);

    /// <summary>Takes <paramref name="userId"/> out of the group: the caller leaving, or removing someone.</summary>
    public async Task<Outcome<Done>> RemoveMemberAsync(Caller caller, bool isAdmin, int groupId, int userId, CancellationToken ct)
    {
        var creatorId = await members.CreatorOfAsync(groupId, ct);
        if (creatorId is null)
        {
            return Refused.NotFound($"There is no group {groupId}.");
        }

        // Permission before membership, so that outsiders learn nothing about who is a member.
        if (userId != caller.Id && !isAdmin && creatorId != caller.Id)
        {
            return Refused.Forbidden("Only the group's creator or an admin can remove another member.");
        }

        if (!await members.IsMemberAsync(groupId, userId, ct))
        {
            return Refused.NotFound(userId == caller.Id ? "You are not a member of this group." : $"User {userId} is not a member of this group.");
        }

        await RemoveAsync(groupId, userId, ct);
        return new Done();
    }

    /// <summary>Takes a member out and tells everyone; then hands the group on if they were its creator, or
    /// deletes it if nobody is left (telling the one who left).</summary>
    public async Task RemoveAsync(int groupId, int userId, CancellationToken ct)
    {
        if (await db.GroupMembers.Where(m => m.GroupId == groupId && m.UserId == userId).ExecuteDeleteAsync(ct) == 0)
        {
            return;
        }

        await connections.RemoveAsync(userId, groupId);
        var left = new GroupMemberLeftDto(groupId, userId);
        await hub.Clients.Group(HubGroups.Chat(groupId)).GroupMemberLeft(left);
        await hub.Clients.User(userId.ToString()).GroupMemberLeft(left);

        var heir = await db.GroupMembers.Where(m => m.GroupId == groupId)
            .OrderBy(m => m.JoinedAt).ThenBy(m => m.UserId).Select(m => (int?)m.UserId).FirstOrDefaultAsync(ct);
        if (heir is null)
        {
            await db.Groups.Where(g => g.Id == groupId).ExecuteDeleteAsync(ct);
            await hub.Clients.User(userId.ToString()).GroupDeleted(new GroupDeletedDto(groupId));
        }
        else if (await members.CreatorOfAsync(groupId, ct) == userId)
        {
            await HandOverAsync(groupId, heir.Value, ct);
        }
    }

    /// <summary>Makes the member the group's creator and the former creator a normal member; tells the members.</summary>
    public async Task HandOverAsync(int groupId, int userId, CancellationToken ct)
    {
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            await db.Groups.Where(g => g.Id == groupId).ExecuteUpdateAsync(s => s.SetProperty(g => g.CreatorId, userId), ct);
            await db.GroupMembers.Where(m => m.GroupId == groupId && m.UserId != userId && m.Role == GroupRoles.Creator)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Role, GroupRoles.Normal), ct);
            await db.GroupMembers.Where(m => m.GroupId == groupId && m.UserId == userId)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Role, GroupRoles.Creator), ct);
            await transaction.CommitAsync(ct);
        }

        await TellUpdatedAsync(groupId, ct);
    }

    public async Task<Outcome<GroupDto>> UpdateAsync(Caller caller, bool isAdmin, int groupId, string? name, string? description, CancellationToken ct)
    {
        if (Problem(name, description, out var cleanName, out var cleanDescription) is { } problem)
        {
            return Refused.Invalid(problem);
        }

        if (await members.ManageRefusalAsync(groupId, caller.Id, isAdmin, ct) is { } refused)
        {
            return refused;
        }

        await db.Groups.Where(g => g.Id == groupId).ExecuteUpdateAsync(
            s => s.SetProperty(g => g.Name, cleanName).SetProperty(g => g.Description, cleanDescription), ct);
        await TellUpdatedAsync(groupId, ct);
        return (await queries.GetAsync(groupId, caller.Id, ct))!;
    }

    public async Task<Outcome<Done>> DeleteAsync(Caller caller, bool isAdmin, int groupId, CancellationToken ct)
    {
        if (await members.ManageRefusalAsync(groupId, caller.Id, isAdmin, ct) is { } refused)
        {
            return refused;
        }

        var formerMembers = await members.MembersAsync(groupId, ct);
        await db.Groups.Where(g => g.Id == groupId).ExecuteDeleteAsync(ct);
        // GroupDeleted for clients of version 2; a version-1 client knows only that every member left.
        await hub.Clients.Group(HubGroups.Chat(groupId)).GroupDeleted(new GroupDeletedDto(groupId));
        foreach (var userId in formerMembers)
        {
            await hub.Clients.Group(HubGroups.Chat(groupId)).GroupMemberLeft(new GroupMemberLeftDto(groupId, userId));
            await connections.RemoveAsync(userId, groupId);
        }

        return new Done();
    }

    private async Task TellUpdatedAsync(int groupId, CancellationToken ct)
    {
        if (await queries.GetAsync(groupId, viewerId: null, ct) is { } group)
        {
            await pushes.GroupUpdatedAsync(group, ct);
        }
    }

    private static readonly Refused Banned = Refused.Forbidden("You are banned from this group.");

    public Task<bool> IsBannedAsync(int groupId, int userId, CancellationToken ct) =>
        db.GroupBans.AnyAsync(b => b.GroupId == groupId && b.UserId == userId, ct);

    // Each group a user owns is in every Sync of theirs: a rate, and a cap on how many at once (calls racing
    // each other may pass it by a few; the rate bounds that too).
    private async Task<Refused?> LimitAsync(Caller caller, CancellationToken ct)
    {
        var (perHour, owned) = (limits.Value.GroupsCreatedPerHour, limits.Value.GroupsOwned);
        if (await limiter.TryAsync("group", caller.Id, perHour, TimeSpan.FromHours(1)) is { } wait)
        {
            return Refused.Limited(
                $"You are creating groups too fast (at most {perHour} an hour); try again in {Math.Ceiling(wait.TotalMinutes)} min.", wait);
        }

        return await db.Groups.CountAsync(g => g.CreatorId == caller.Id, ct) >= owned
            ? Refused.Conflict($"You already own {owned} groups, the most allowed; delete one before creating another.")
            : null;
    }

    private static string? Problem(string? name, string? description, out string cleanName, out string cleanDescription)
    {
        cleanDescription = "";
        if (UserText.Problem(name, "group name", ChatGroup.NameMaxLength, UserText.Kind.Name, out cleanName) is { } problem)
        {
            return problem;
        }

        // A description may be left out; what there is follows the rules of running text.
        return string.IsNullOrWhiteSpace(description)
            ? null
            : UserText.Problem(description, "group description", ChatGroup.DescriptionMaxLength, UserText.Kind.Running, out cleanDescription);
    }
}
