using Microsoft.AspNetCore.Identity;

namespace Chat.Server.Accounts;

/// <summary>Length over composition (ASVS 6.2): at least 8 characters, at most 256, any characters, and
/// not one of the passwords that every guessing list starts with.</summary>
internal sealed class PasswordRules : IPasswordValidator<ChatUser>
{
    public const int MinLength = 8;
    public const int MaxLength = 256;

    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "password", "password1", "password12", "password123", "passw0rd", "p@ssw0rd", "p@ssword", "12345678",
        "123456789", "1234567890", "12341234", "11111111", "00000000", "87654321", "qwertyui", "qwerty123",
        "qwertyuiop", "1q2w3e4r", "1qaz2wsx", "zaq12wsx", "abc12345", "abcd1234", "iloveyou", "sunshine",
        "princess", "football", "baseball", "welcome1", "welcome123", "letmein1", "trustno1", "superman",
        "starwars", "whatever", "dragon123", "monkey123", "admin123", "administrator", "changeme", "secret123",
        "asdfghjk", "asdf1234", "zxcvbnm1", "computer", "internet", "michael1", "jennifer", "master12",
    };

    public Task<IdentityResult> ValidateAsync(UserManager<ChatUser> manager, ChatUser user, string? password)
    {
        if (password is null || password.Length < MinLength)
        {
            return Fail("PasswordTooShort", $"The password must have at least {MinLength} characters.");
        }

        if (password.Length > MaxLength)
        {
            return Fail("PasswordTooLong", $"The password must have at most {MaxLength} characters.");
        }

        if (Common.Contains(password) || string.Equals(password, user.UserName, StringComparison.OrdinalIgnoreCase))
        {
            return Fail("PasswordTooCommon", "This password is too easy to guess; choose another.");
        }

        return Task.FromResult(IdentityResult.Success);
    }

    /// <summary>The refusal of a password that failed these rules, its reasons under <paramref name="field"/>.</summary>
    public static Refused NotAcceptable(string field, IdentityResult result) =>
        Refused.Invalid("The password is not acceptable.", new Dictionary<string, string[]> { [field] = [.. result.Errors.Select(e => e.Description)] });

    /// <summary>Every password validator of <paramref name="users"/>, as setting a password would run them.</summary>
    public static async Task<IdentityResult> CheckAsync(UserManager<ChatUser> users, ChatUser user, string password)
    {
        var errors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
        {
            errors.AddRange((await validator.ValidateAsync(users, user, password)).Errors);
        }

        return errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]);
    }

    private static Task<IdentityResult> Fail(string code, string description) =>
        Task.FromResult(IdentityResult.Failed(new IdentityError { Code = code, Description = description }));
}
