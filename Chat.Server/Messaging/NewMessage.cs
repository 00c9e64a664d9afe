namespace Chat.Server.Messaging;

/// <summary>A message to store, with the users whose offline queue gets it.</summary>
internal sealed record NewMessage(
    MessageKind Kind, int SenderId, int? RecipientId, int? GroupId, string Text, DateTime SentAt,
    string ClientMessageId, IReadOnlyCollection<int> OfflineUserIds, long? ReplyToId = null);
