namespace Chat.Server.Messaging;

public sealed record MessageDto(
    long Id, string Kind, int SenderId, string SenderName, int? RecipientId, int? GroupId,
    string Text, DateTime SentAt, string ClientMessageId);

public sealed record MeDto(int Id, string Name);

public sealed record SyncResultDto(
    MeDto Me, IReadOnlyList<Friends.FriendDto> Friends, IReadOnlyList<Groups.GroupDto> Groups,
    IReadOnlyList<MessageDto> Messages, bool HasMore);
