namespace Chat.Server.Friends;

/// <summary>One direction of a mutual friendship (the original <c>Friend</c> table); both rows exist.</summary>
internal sealed class Friendship
{
    public int UserId { get; set; }
    public int FriendId { get; set; }
    public DateTime CreatedAt { get; set; }
}
