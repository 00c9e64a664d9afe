namespace Chat.Server.Friends;

public sealed record FriendDto(int Id, string Name, bool Online);
