using Chat.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace Chat.Server.Friends;

/// <summary>A blocker's presence is hidden from whom they blocked: wherever a viewer is shown who is online,
/// the users who blocked the viewer show as offline.</summary>
internal static class BlockedPresence
{
    public static async Task<IReadOnlySet<int>> VisibleToAsync(
        this IReadOnlySet<int> online, ChatDbContext db, int viewerId, CancellationToken ct)
    {
        if (online.Count == 0)
        {
            return online;
        }

        var ids = online.ToList();
        var blockers = await db.Blocks.Where(b => b.BlockedId == viewerId && ids.Contains(b.UserId)).Select(b => b.UserId).ToListAsync(ct);
        return blockers.Count == 0 ? online : online.Except(blockers).ToHashSet();
    }
}
