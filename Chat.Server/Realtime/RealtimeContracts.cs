namespace Chat.Server.Realtime;

public sealed record PresenceDto(int UserId, bool Online);

public sealed record TypingDto(int UserId, int? GroupId);
