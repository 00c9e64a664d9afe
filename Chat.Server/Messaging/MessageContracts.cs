namespace Chat.Server.Messaging;

public sealed record MessageDto(
    long Id, string Kind, int SenderId, string SenderName, int? RecipientId, int? GroupId,
    string Text, DateTime SentAt, string ClientMessageId, DateTime? DeletedAt = null);

public sealed record SyncResultDto(
    Accounts.UserRefDto Me, IReadOnlyList<Accounts.UserDto> Friends, IReadOnlyList<Groups.GroupDto> Groups,
    IReadOnlyList<MessageDto> Messages, bool HasMore);
