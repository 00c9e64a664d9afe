using Microsoft.AspNetCore.Identity;

namespace Chat.Server.Accounts;

/// <summary>A chat account, stored in the original system's <c>User</c> table.</summary>
internal sealed class ChatUser : IdentityUser<int>
{
    /// <summary>"online" or "offline"; follows the cluster presence, never trusted over it.</summary>
    public string State { get; set; } = UserStates.Offline;

    public DateTime CreatedAt { get; set; }

    /// <summary>When presence last changed (came online or went offline); null if never connected.</summary>
    public DateTime? LastSeenAt { get; set; }

    /// <summary>An admin disabled the account: sign-in answers 403 and every session has ended.</summary>
    public bool Disabled { get; set; }

    /// <summary>Whether friends see how far this user has read (the read-state feature reads it).</summary>
    public bool ReadReceipts { get; set; } = true;

    /// <summary>When the account was deleted. Its row stays, named <see cref="DeletedName"/> and with no sign-in
    /// name, so the messages it sent keep their sender and its name can be registered again.</summary>
    public DateTime? DeletedAt { get; set; }

    public const string DeletedName = "Deleted user";
}
