using System.ComponentModel.DataAnnotations;

namespace Chat.Server.Accounts;

/// <summary>Token lifetimes, admins and sign-in limits (section <c>Accounts</c>).</summary>
internal sealed class AccountOptions
{
    public const string Section = "Accounts";

    /// <summary>Lifetime of an access token, in minutes.</summary>
    [Range(1, 24 * 60)]
    public int AccessTokenMinutes { get; set; } = 60;

    /// <summary>Lifetime of a refresh token, in days.</summary>
    [Range(1, 365)]
    public int RefreshTokenDays { get; set; } = 14;

    /// <summary>User names that get the <c>admin</c> role; granted here only, never by a request.</summary>
    public string[] Admins { get; set; } = [];

    /// <summary>Register, login and refresh requests one client address may make per minute.</summary>
    [Range(1, 1_000_000)]
    public int RequestsPerMinutePerAddress { get; set; } = 10;

    /// <summary>Failed passwords in a row that lock an account.</summary>
    [Range(1, 1000)]
    public int MaxFailedAttempts { get; set; } = 5;

    /// <summary>How long a locked account stays locked, in minutes.</summary>
    [Range(0, 24 * 60)]
    public int LockoutMinutes { get; set; } = 5;
}

internal static class Roles
{
    public const string Admin = "admin";
}
