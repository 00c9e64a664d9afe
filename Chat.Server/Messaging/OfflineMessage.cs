namespace Chat.Server.Messaging;

/// <summary>A message waiting for a user who had no connection when it was sent (the original
/// <c>OfflineMessage</c> table, now one row per message and user).</summary>
internal sealed class OfflineMessage
{
    public int UserId { get; set; }
    public long MessageId { get; set; }
}
