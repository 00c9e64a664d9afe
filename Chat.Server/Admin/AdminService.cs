using Chat.Server.Accounts;
using Chat.Server.Data;
using Chat.Server.Presence;
using Chat.Server.Realtime;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Chat.Server.Admin;

/// <summary>What an admin does to accounts: list and search them, disable and enable, reset a password. Disabling
/// and a reset end every session of the user: the security stamp changes (so every token is refused on every
/// node) and their connections close on every node.</summary>
internal sealed class AdminService(
    ChatDbContext db, UserManager<ChatUser> users, ISessionControl sessions, IPresenceTracker presence, ConfiguredAdmins configured,
    PasswordGate passwords, AccountDeletion deletion)
{
    public async Task<AdminUserPageDto> UsersAsync(string? name, int page, int pageSize, CancellationToken ct)
    {
        var query = db.Accounts.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(name))
        {
            var prefix = Like.Escape(name.Trim().ToUpperInvariant()) + "%";
            query = query.Where(u => EF.Functions.Like(u.NormalizedUserName!, prefix, Like.EscapeChar));
        }

        var total = await query.CountAsync(ct);
        var skip = (long)(page - 1) * pageSize;
        if (skip >= total)
        {
            return new AdminUserPageDto([], total);
        }

        var found = await Rows(query.OrderByDescending(u => u.CreatedAt).ThenByDescending(u => u.Id).Skip((int)skip).Take(pageSize)).ToListAsync(ct);
        return new AdminUserPageDto(await ToDtosAsync(found), total);
    }

    public async Task<Outcome<AdminUserDto>> SetDisabledAsync(int userId, bool disabled, CancellationToken ct)
    {
        if (await FindAsync(userId) is not { } user)
        {
            return NoSuchUser(userId);
        }

        if (user.Disabled != disabled)
        {
            user.Disabled = disabled;
            if (disabled)
            {
                // Saves the flag too: one write, after which no token of theirs is current.
                await users.UpdateSecurityStampAsync(user);
                await sessions.CloseUserAsync(userId);
            }
            else
            {
                await users.UpdateAsync(user);
            }
        }

        return (await ToDtosAsync(await Rows(db.Users.AsNoTracking().Where(u => u.Id == userId)).ToListAsync(ct)))[0];
    }

    public async Task<Outcome<Done>> ResetPasswordAsync(int userId, string password)
    {
        if (await FindAsync(userId) is not { } user)
        {
            return NoSuchUser(userId);
        }

        var rules = await PasswordRules.CheckAsync(users, user, password);
        if (!rules.Succeeded)
        {
            return PasswordRules.NotAcceptable("password", rules);
        }

        user.PasswordHash = await passwords.RunAsync(() => Task.FromResult(users.PasswordHasher.HashPassword(user, password)));
        await users.UpdateSecurityStampAsync(user);
        await sessions.CloseUserAsync(userId);
        return new Done();
    }

    /// <summary>Deleting an account that is already deleted finishes what a crash may have left undone.</summary>
    public async Task<Outcome<Done>> DeleteAsync(int userId, bool erase, CancellationToken ct) =>
        await deletion.DeleteAsync(userId, erase, ct) ? new Done() : NoSuchUser(userId);

    private async Task<ChatUser?> FindAsync(int userId) =>
        await users.FindByIdAsync(userId.ToString(System.Globalization.CultureInfo.InvariantCulture)) is { DeletedAt: null } user ? user : null;

    private static Refused NoSuchUser(int userId) => Refused.NotFound($"There is no user {userId}.");

    private IQueryable<Row> Rows(IQueryable<ChatUser> query) =>
        query.Select(u => new Row(u.Id, u.UserName!, u.Disabled, u.CreatedAt, u.LastSeenAt,
            db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.NormalizedName == Roles.AdminNormalized))));

    private async Task<List<AdminUserDto>> ToDtosAsync(List<Row> rows)
    {
        var online = await presence.OnlineAmongAsync(rows.ConvertAll(r => r.Id));
        return rows.ConvertAll(r => new AdminUserDto(
            r.Id, r.Name, online.Contains(r.Id), r.GrantedAdmin || configured.Contains(r.Id), r.Disabled, r.CreatedAt, r.LastSeenAt));
    }

    private sealed record Row(int Id, string Name, bool Disabled, DateTime CreatedAt, DateTime? LastSeenAt, bool GrantedAdmin);
}
