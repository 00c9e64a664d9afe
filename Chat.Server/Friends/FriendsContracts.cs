namespace Chat.Server.Friends;

/// <summary>The other person of a friendship that ended.</summary>
public sealed record FriendRemovedDto(int UserId);
