using Chat.Server.Accounts;
using Chat.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace Chat.Server.Groups;

/// <summary>What a group's creator or an admin does beyond renaming and deleting: hand the group over to another
/// member, and ban users (removed at once, and refused when they join again).</summary>
internal sealed class GroupModeration(ChatDbContext db, GroupsService groups, GroupMembership members, GroupQueries queries, TimeProvider clock)
{
    public async Task<Outcome<GroupDto>> HandOverAsync(Caller caller, bool isAdmin, int groupId, int userId, CancellationToken ct)
    {
        if (await members.ManageRefusalAsync(groupId, caller.Id, isAdmin, ct) is { } refused)
        {
            return refused;
        }

        if (!await members.IsMemberAsync(groupId, userId, ct))
        {
            return Refused.Invalid($"User {userId} is not a member of this group.");
        }

        if (await members.CreatorOfAsync(groupId, ct) != userId)
        {
            await groups.HandOverAsync(groupId, userId, ct);
        }

        return (await queries.GetAsync(groupId, caller.Id, ct))!;
    }

    public async Task<Outcome<List<UserRefDto>>> BansAsync(Caller caller, bool isAdmin, int groupId, CancellationToken ct)
    {
        if (await members.ManageRefusalAsync(groupId, caller.Id, isAdmin, ct) is { } refused)
        {
            return refused;
        }

        return await (
                from b in db.GroupBans
                where b.GroupId == groupId
                join u in db.Users on b.UserId equals u.Id
                orderby u.UserName
                select new UserRefDto(u.Id, u.UserName!))
            .ToListAsync(ct);
    }

    public async Task<Outcome<Done>> BanAsync(Caller caller, bool isAdmin, int groupId, int userId, CancellationToken ct)
    {
        if (await members.ManageRefusalAsync(groupId, caller.Id, isAdmin, ct) is { } refused)
        {
            return refused;
        }

        if (!await db.Accounts.AnyAsync(u => u.Id == userId, ct))
        {
            return Refused.NotFound($"There is no user {userId}.");
        }

        if (await members.CreatorOfAsync(groupId, ct) == userId)
        {
            return Refused.Invalid("The group's creator cannot be banned; hand the group over first.");
        }

        if (!await groups.IsBannedAsync(groupId, userId, ct))
        {
            db.GroupBans.Add(new GroupBan { GroupId = groupId, UserId = userId, CreatedAt = clock.GetUtcNow().UtcDateTime });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Banned twice at the same moment: fine if the other call wrote the row.
                db.ChangeTracker.Clear();
                if (!await groups.IsBannedAsync(groupId, userId, ct))
                {
                    throw;
                }
            }

            db.ChangeTracker.Clear();
        }

        // After the ban is stored: a join racing with it sees the ban, or its row is removed here.
        await groups.RemoveAsync(groupId, userId, ct);
        return new Done();
    }

    public async Task<Outcome<Done>> UnbanAsync(Caller caller, bool isAdmin, int groupId, int userId, CancellationToken ct)
    {
        if (await members.ManageRefusalAsync(groupId, caller.Id, isAdmin, ct) is { } refused)
        {
            return refused;
        }

        return await db.GroupBans.Where(b => b.GroupId == groupId && b.UserId == userId).ExecuteDeleteAsync(ct) == 1
            ? new Done()
            : Refused.NotFound($"User {userId} is not banned from this group.");
    }
}
