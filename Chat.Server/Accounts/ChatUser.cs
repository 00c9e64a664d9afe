using Microsoft.AspNetCore.Identity;

namespace Chat.Server.Accounts;

/// <summary>A chat account, stored in the original system's <c>User</c> table.</summary>
internal sealed class ChatUser : IdentityUser<int>
{
    /// <summary>"online" or "offline"; follows the cluster presence, never trusted over it.</summary>
    public string State { get; set; } = UserStates.Offline;

    public DateTime CreatedAt { get; set; }
}
