namespace Chat.Server.Accounts;

/// <summary>One login and the refresh tokens it has been renewed with (RFC 9700 section 4.14). Each
/// refresh moves <see cref="Generation"/> on, so only the newest token of a family is accepted; an older
/// one coming back means a token was copied, and the whole family ends.</summary>
internal sealed class SessionFamily
{
    /// <summary>The claim that carries the family id in access and refresh tokens.</summary>
    public const string ClaimType = "sid";

    public Guid Id { get; set; }

    public int UserId { get; set; }

    /// <summary>The generation of the one refresh token of this family that may still be redeemed.</summary>
    public int Generation { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>When the newest refresh token expires; the row may be deleted after that.</summary>
    public DateTime ExpiresAt { get; set; }

    /// <summary>Set when a reused token ended the family: its tokens are refused from then on.</summary>
    public DateTime? EndedAt { get; set; }
}
