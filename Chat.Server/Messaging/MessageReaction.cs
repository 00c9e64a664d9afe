namespace Chat.Server.Messaging;

/// <summary>One user's emoji on one message.</summary>
internal sealed class MessageReaction
{
    public const int EmojiMaxLength = 32;

    public long MessageId { get; set; }
    public int UserId { get; set; }
    public required string Emoji { get; set; }
    public DateTime CreatedAt { get; set; }
}
