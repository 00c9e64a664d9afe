namespace Chat.Server.Messaging;

/// <summary>What the store did with one message: wrote it under a new id, or wrote nothing because the
/// database ignored the insert (a repeat of the sender's client message id, or a group deleted meanwhile;
/// <see cref="MessagingService"/> tells which).</summary>
internal readonly record struct StoreResult
{
    private StoreResult(long id) => Id = id;

    public static StoreResult NotWritten => default;

    /// <summary>The new message's id; 0 when nothing was written.</summary>
    public long Id { get; }

    public bool Written => Id > 0;

    public static StoreResult Of(long insertedId) => insertedId > 0 ? new(insertedId) : NotWritten;
}
