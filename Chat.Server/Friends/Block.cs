namespace Chat.Server.Friends;

/// <summary>One user's block of another: the blocked user cannot befriend, message or type to the blocker,
/// and does not see the blocker's presence. One direction only; the blocker may still see theirs.</summary>
internal sealed class Block
{
    public int UserId { get; set; }
    public int BlockedId { get; set; }
    public DateTime CreatedAt { get; set; }
}
