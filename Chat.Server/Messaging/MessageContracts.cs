namespace Chat.Server.Messaging;

public sealed record MessageDto(
    long Id, string Kind, int SenderId, string SenderName, int? RecipientId, int? GroupId,
    string Text, DateTime SentAt, string ClientMessageId, long? ReplyToId, IReadOnlyList<AttachmentDto> Attachments,
    DateTime? EditedAt, DateTime? DeletedAt, IReadOnlyList<ReactionDto> Reactions, long ChangeId);

public sealed record ReactionDto(string Emoji, IReadOnlyList<int> UserIds);

/// <summary>A file sent with a message (the files feature fills these; until then always empty).</summary>
public sealed record AttachmentDto(string Id, string Name, string ContentType, long Size, int? Width, int? Height);

public sealed record SyncResultDto(
    Accounts.UserRefDto Me, IReadOnlyList<Accounts.UserDto> Friends, IReadOnlyList<Groups.GroupDto> Groups,
    IReadOnlyList<MessageDto> Messages, bool HasMore, IReadOnlyList<MessageDto> Updates);

public sealed record SendMessageRequest(
    int? ToUserId, int? GroupId, string Text, string ClientMessageId, long? ReplyToId, IReadOnlyList<string>? AttachmentIds);
