using Chat.Server.Accounts;
using Chat.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace Chat.Server.Friends;

/// <summary>Blocking: it ends the friendship at once, and from then on the blocked user can neither befriend
/// the blocker (so neither message nor type to them) nor see their presence. Unblocking brings nothing back.</summary>
internal sealed class BlocksService(ChatDbContext db, FriendsService friends, TimeProvider clock)
{
    public Task<List<UserRefDto>> ListAsync(int userId, CancellationToken ct) => (
            from b in db.Blocks
            where b.UserId == userId
            join u in db.Users on b.BlockedId equals u.Id
            orderby u.UserName
            select new UserRefDto(u.Id, u.UserName!))
        .ToListAsync(ct);

    public async Task<Outcome<Done>> BlockAsync(Caller caller, int userId, CancellationToken ct)
    {
        if (userId == caller.Id)
        {
            return Refused.Invalid("You cannot block yourself.");
        }

        if (!await db.Accounts.AnyAsync(u => u.Id == userId, ct))
        {
            return Refused.NotFound($"There is no user {userId}.");
        }

        if (!await IsBlockedAsync(caller.Id, userId, ct))
        {
            db.Blocks.Add(new Block { UserId = caller.Id, BlockedId = userId, CreatedAt = clock.GetUtcNow().UtcDateTime });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Blocked twice at the same moment: fine if the other call wrote the row.
                db.ChangeTracker.Clear();
                if (!await IsBlockedAsync(caller.Id, userId, ct))
                {
                    throw;
                }
            }

            db.ChangeTracker.Clear();
        }

        // After the block is stored: a friend request racing with it sees the block, or its rows are ended here.
        await friends.EndAsync(caller.Id, userId, ct);
        return new Done();
    }

    public async Task<Outcome<Done>> UnblockAsync(Caller caller, int userId, CancellationToken ct) =>
        await db.Blocks.Where(b => b.UserId == caller.Id && b.BlockedId == userId).ExecuteDeleteAsync(ct) == 1
            ? new Done()
            : Refused.NotFound($"You have not blocked user {userId}.");

    private Task<bool> IsBlockedAsync(int userId, int blockedId, CancellationToken ct) =>
        db.Blocks.AnyAsync(b => b.UserId == userId && b.BlockedId == blockedId, ct);
}
