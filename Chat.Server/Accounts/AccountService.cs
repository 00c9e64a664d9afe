using System.Net;
using Chat.Server.Data.Configurations;
using Chat.Server.Realtime;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Chat.Server.Accounts;

/// <summary>Registration, sign-in and logout on top of Identity.</summary>
internal sealed class AccountService(
    UserManager<ChatUser> users, TokenService tokens, ISessionControl sessions, TimeProvider clock,
    PasswordGate passwords, LoginThrottle throttle, ConfiguredAdmins admins, ILogger<AccountService> logger)
{
    // Verifying against this for unknown names costs as much as a real check, so timing does not tell
    // whether a name exists.
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<ChatUser>().HashPassword(new ChatUser(), Guid.NewGuid().ToString()));

    private static readonly Refused NameTaken = Refused.Conflict("This name is taken.");
    private static readonly Refused WrongNameOrPassword = Refused.Unauthorized("Wrong name or password.");
    private static readonly Refused Disabled = Refused.Forbidden("This account is disabled.");

    private static Refused NotAcceptable(Dictionary<string, string[]> errors) => Refused.Invalid("The name or password is not acceptable.", errors);

    public async Task<Outcome<UserRefDto>> RegisterAsync(string name, string password)
    {
        if (name.Length is < 2 or > ChatUserConfiguration.NameMaxLength)
        {
            return NotAcceptable(new() { ["name"] = [$"The name must be 2 to {ChatUserConfiguration.NameMaxLength} characters."] });
        }

        var user = new ChatUser { UserName = name, CreatedAt = clock.GetUtcNow().UtcDateTime };
        IdentityResult result;
        try
        {
            result = await passwords.RunAsync(() => users.CreateAsync(user, password));
        }
        catch (DbUpdateException)
        {
            // Two registrations of one name at the same moment: the unique index decided.
            return NameTaken;
        }

        if (result.Succeeded)
        {
            WarnIfConfiguredAdmin(user.UserName);
            return new UserRefDto(user.Id, user.UserName);
        }

        if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.DuplicateUserName)))
        {
            return NameTaken;
        }

        var errors = result.Errors
            .GroupBy(e => e.Code.StartsWith("Password", StringComparison.Ordinal) ? "password" : "name")
            .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray());
        return NotAcceptable(errors);
    }

    /// <summary>Signs in, unless the name has failed too often from this address (or from everywhere):
    /// then the answer is how long to wait, before any password is checked. An unknown name goes the same
    /// way as a known one, a dummy hash included, so neither the answer nor its timing tells them apart.</summary>
    public async Task<Outcome<TokenDto>> LoginAsync(string name, string password, IPAddress? address)
    {
        var key = users.NormalizeName(name) ?? "";
        if (throttle.TryBegin(key, address) is { } wait)
        {
            // Worded alike for every name, known or not: the answer must not tell whether an account exists.
            return Refused.Limited("Too many failed sign-ins with this name; try again later.", wait);
        }

        var user = await users.FindByNameAsync(name);
        if (user is null)
        {
            await passwords.RunAsync(() => Task.FromResult(users.PasswordHasher.VerifyHashedPassword(new ChatUser(), DummyHash.Value, password)));
            throttle.Failed(key, address);
            return WrongNameOrPassword;
        }

        if (!await passwords.RunAsync(() => users.CheckPasswordAsync(user, password)))
        {
            throttle.Failed(key, address);
            return WrongNameOrPassword;
        }

        throttle.Succeeded(key, address);
        // Only after the password: nobody learns from a guess whether an account exists or is disabled.
        return user.Disabled ? Disabled : await tokens.IssueAsync(user);
    }

    public async Task<TokenDto?> RefreshAsync(string refreshToken) =>
        await tokens.RedeemAsync(refreshToken) is { User.Disabled: false } redeemed ? await tokens.IssueAsync(redeemed) : null;

    private void WarnIfConfiguredAdmin(string name)
    {
        if (admins.Configured(name) is not { } configured)
        {
            return;
        }

        if (configured == name)
        {
            logger.LogWarning("'{Name}' was registered after the node started: {Setting} names it but grants it nothing until the node restarts (if you did not register it, take it out of the setting)",
                name, ConfiguredAdmins.Setting);
        }
        else
        {
            logger.LogWarning("'{Name}' was registered, which {Setting} names only in another letter case ('{Configured}'): it gets no admin role",
                name, ConfiguredAdmins.Setting, configured);
        }
    }

    /// <summary>Ends every session of the user: refresh tokens stop working, connections close.</summary>
    public async Task LogoutAsync(int userId)
    {
        var user = await users.FindByIdAsync(userId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (user is not null)
        {
            await users.UpdateSecurityStampAsync(user);
        }

        await sessions.CloseUserAsync(userId);
    }
}
