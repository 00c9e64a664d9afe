using Chat.Server.Data;
using Chat.Server.Friends;
using Chat.Server.Presence;
using Microsoft.EntityFrameworkCore;

namespace Chat.Server.Groups;

/// <summary>Reads groups with their members and each member's presence, as <c>viewerId</c> may see it (for a push
/// to every member, null: as anyone sees it).</summary>
internal sealed class GroupQueries(ChatDbContext db, IPresenceTracker presence)
{
    public async Task<GroupDto?> GetAsync(int groupId, int? viewerId, CancellationToken ct) =>
        (await LoadAsync(db.Groups.Where(g => g.Id == groupId), viewerId, ct)).FirstOrDefault();

    public Task<List<GroupDto>> OfUserAsync(int userId, CancellationToken ct) =>
        LoadAsync(db.Groups.Where(g => db.GroupMembers.Any(m => m.GroupId == g.Id && m.UserId == userId)), userId, ct);

    public async Task<GroupPageDto> PageAsync(string? name, int page, int pageSize, CancellationToken ct)
    {
        var groups = db.Groups.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(name))
        {
            groups = groups.Where(g => EF.Functions.Like(g.Name, "%" + Like.Escape(name.Trim()) + "%", Like.EscapeChar));
        }

        var total = await groups.CountAsync(ct);
        // In long: (page - 1) * pageSize wraps round in int for a large page and gave the first page again.
        var skip = (long)(page - 1) * pageSize;
        if (skip >= total)
        {
            return new GroupPageDto([], total);
        }

        var items = await groups.OrderBy(g => g.Name).ThenBy(g => g.Id)
            .Skip((int)skip).Take(pageSize)
            .Select(g => new GroupSummaryDto(g.Id, g.Name, g.Description, db.GroupMembers.Count(m => m.GroupId == g.Id)))
            .ToListAsync(ct);
        return new GroupPageDto(items, total);
    }

    private async Task<List<GroupDto>> LoadAsync(IQueryable<ChatGroup> groups, int? viewerId, CancellationToken ct)
    {
        var found = await groups.AsNoTracking().OrderBy(g => g.Id).ToListAsync(ct);
        var ids = found.ConvertAll(g => g.Id);
        var members = await (
                from m in db.GroupMembers
                where ids.Contains(m.GroupId)
                join u in db.Users on m.UserId equals u.Id
                orderby m.JoinedAt, m.UserId
                select new { m.GroupId, u.Id, Name = u.UserName!, m.Role })
            .ToListAsync(ct);
        var online = await presence.OnlineAmongAsync(members.Select(m => m.Id).Distinct().ToList());
        if (viewerId is { } viewer)
        {
            online = await online.VisibleToAsync(db, viewer, ct);
        }

        var byGroup = members.ToLookup(m => m.GroupId, m => new MemberDto(m.Id, m.Name, m.Role, online.Contains(m.Id)));
        return found.ConvertAll(g =>
        {
            var list = byGroup[g.Id].ToList();
            return new GroupDto(g.Id, g.Name, g.Description, list.Count, list);
        });
    }
}
