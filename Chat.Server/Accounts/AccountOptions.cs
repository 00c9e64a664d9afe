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

    /// <summary>Failed sign-ins for one name from one address before each further attempt from there must
    /// wait (429 with Retry-After).</summary>
    [Range(1, 1000)]
    public int FailedLoginsBeforeDelay { get; set; } = 3;

    /// <summary>The first wait, in seconds; it doubles with every further attempt from that address, failed or refused.</summary>
    [Range(1, 3600)]
    public int FailedLoginDelaySeconds { get; set; } = 1;

    /// <summary>The longest wait, in seconds.</summary>
    [Range(1, 24 * 3600)]
    public int FailedLoginMaxDelaySeconds { get; set; } = 300;

    /// <summary>Failed sign-ins for one name from all addresses together in a window before every attempt
    /// for it is refused until the window ends: high enough that one address, held to its delays, cannot
    /// reach it and so cannot lock the owner out.</summary>
    [Range(1, 1_000_000)]
    public int FailedLoginsPerAccount { get; set; } = 100;

    /// <summary>The window of <see cref="FailedLoginsPerAccount"/>, in minutes; an address's failures for a
    /// name are forgotten after this long without any.</summary>
    [Range(1, 24 * 60)]
    public int FailedLoginWindowMinutes { get; set; } = 15;

    /// <summary>Most names and (name, address) pairs a node keeps failures for; beyond, the oldest are forgotten.</summary>
    [Range(100, 10_000_000)]
    public int FailedLoginEntries { get; set; } = 100_000;
}
