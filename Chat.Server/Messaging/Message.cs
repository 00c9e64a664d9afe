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

    /// <summary>The message of the same conversation that this one answers.</summary>
    public long? ReplyToId { get; set; }

    public DateTime? EditedAt { get; set; }

    /// <summary>When it was taken back; its text is then empty and its reactions gone.</summary>
    public DateTime? DeletedAt { get; set; }

    /// <summary>Its latest change (edit, deletion, reaction), numbered from the same sequence as message ids
    /// (see <see cref="MessageChanges"/>), so one cursor covers both; null until it first changes.</summary>
    public long? ChangeId { get; set; }

    /// <summary>When <see cref="ChangeId"/> was drawn: catch-up's overlap window for changes.</summary>
    public DateTime? ChangedAt { get; set; }

    /// <summary>Now, as MySQL keeps it (microseconds): what is returned at once equals what is read back later.</summary>
    public static DateTime Now(TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return now.AddTicks(-(now.Ticks % 10));
    }

    public static long PairKeyOf(int a, int b) =>
        a < b ? ((long)a << 31) | (uint)b : ((long)b << 31) | (uint)a;
}
