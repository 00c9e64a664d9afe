namespace Chat.Server.Messaging;

/// <summary>A stored chat message; its id orders all messages of the cluster.</summary>
internal sealed class Message
{
    public const int TextMaxLength = 4000;
    public const int ClientMessageIdMaxLength = 64;

    public long Id { get; set; }
    public MessageKind Kind { get; set; }
    public int SenderId { get; set; }
    public int? RecipientId { get; set; }
    public int? GroupId { get; set; }

    /// <summary>Both users of a direct message in one indexed key, so history is one range scan.</summary>
    public long? PairKey { get; set; }

    public required string Text { get; set; }
    public DateTime SentAt { get; set; }
    public required string ClientMessageId { get; set; }

    /// <summary>When it was taken back; its text is then empty.</summary>
    public DateTime? DeletedAt { get; set; }

    public static long PairKeyOf(int a, int b) =>
        a < b ? ((long)a << 31) | (uint)b : ((long)b << 31) | (uint)a;
}
