using System.Net;
using System.Security.Claims;
using Chat.Server.Data;
using Chat.Server.Realtime;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Chat.Server.Accounts;

/// <summary>What a signed-in user changes about their own account: settings, password, its existence.</summary>
internal sealed class AccountSelfService(
    ChatDbContext db, UserManager<ChatUser> users, TokenService tokens, ISessionControl sessions, PasswordGate passwords,
    LoginThrottle throttle, AccountDeletion deletion)
{
    public Task<SettingsDto?> SettingsAsync(int userId, CancellationToken ct) =>
        db.Users.Where(u => u.Id == userId).Select(u => new SettingsDto(u.ReadReceipts)).FirstOrDefaultAsync(ct);

    public async Task<SettingsDto> SetSettingsAsync(int userId, bool readReceipts, CancellationToken ct)
    {
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.ReadReceipts, readReceipts), ct);
        return new SettingsDto(readReceipts);
    }

    /// <summary>Changes the password if the current one is right: this session gets new tokens and keeps its
    /// connections; every other session ends (its tokens are refused, its connections close on every node).
    /// Wrong current passwords count as failed sign-ins, so a stolen access token cannot guess at leisure.</summary>
    public async Task<Outcome<TokenDto>> ChangePasswordAsync(ClaimsPrincipal principal, string current, string next, IPAddress? address)
    {
        var caller = Caller.From(principal);
        var key = users.NormalizeName(caller.Name) ?? "";
        if (throttle.TryBegin(key, address) is { } wait)
        {
            return Refused.Limited("Too many wrong passwords; try again later.", wait);
        }

        var user = await users.FindByIdAsync(caller.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (user is null)
        {
            return Refused.Unauthorized("There is no such account any more.");
        }

        var changed = await passwords.RunAsync(() => users.ChangePasswordAsync(user, current, next));
        if (changed.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)))
        {
            throttle.Failed(key, address);
            return Refused.Unauthorized("The current password is wrong.");
        }

        if (!changed.Succeeded)
        {
            return PasswordRules.NotAcceptable("newPassword", changed);
        }

        throttle.Succeeded(key, address);
        var issued = await tokens.IssueAsync(user);
        if (Guid.TryParseExact(principal.FindFirstValue(SessionFamily.ClaimType), "N", out var family))
        {
            await sessions.CloseUserExceptAsync(user.Id, family);
        }
        else
        {
            await sessions.CloseUserAsync(user.Id);
        }

        return issued;
    }

    /// <summary>Deletes the caller's account if the password is right (a wrong one counts as a failed sign-in).</summary>
    public async Task<Outcome<Done>> DeleteAsync(ClaimsPrincipal principal, string password, bool erase, IPAddress? address, CancellationToken ct)
    {
        var caller = Caller.From(principal);
        var key = users.NormalizeName(caller.Name) ?? "";
        if (throttle.TryBegin(key, address) is { } wait)
        {
            return Refused.Limited("Too many wrong passwords; try again later.", wait);
        }

        var user = await users.FindByIdAsync(caller.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (user is not { DeletedAt: null })
        {
            return Refused.Unauthorized("There is no such account any more.");
        }

        if (!await passwords.RunAsync(() => users.CheckPasswordAsync(user, password)))
        {
            throttle.Failed(key, address);
            return Refused.Unauthorized("The password is wrong.");
        }

        throttle.Succeeded(key, address);
        await deletion.DeleteAsync(user.Id, erase, ct);
        return new Done();
    }
}
