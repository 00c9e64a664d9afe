namespace Chat.Cli.Session;

/// <summary>Which messages were shown, by id, in which state, and the catch-up cursor. The server may push a
/// message again (its first push may have died with a node) and catch-up repeats an overlap: each message
/// shows once, and each edit or deletion once.</summary>
internal sealed class Ledger
{
    private readonly Dictionary<long, Seen> _shown = [];
    private readonly Lock _lock = new();
    private long _lastId;

    /// <summary>The largest message id or change id seen; Sync(LastId) after a reconnect misses nothing.</summary>
    public long LastId
    {
        get
        {
            lock (_lock)
            {
                return _lastId;
            }
        }
    }

    /// <summary>True the first time a message id comes by: show it.</summary>
    public bool FirstSight(ChatMessage message)
    {
        lock (_lock)
        {
            _lastId = Math.Max(_lastId, message.Position);
            if (_shown.ContainsKey(message.Id))
            {
                return false;
            }

            _shown[message.Id] = Seen.Of(message);
            return true;
        }
    }

    /// <summary>What a newer state of a message changed; None for a state that is not newer than the one held.
    /// A message from before this session counts as held unedited.</summary>
    public MessageChange Changed(ChatMessage message)
    {
        lock (_lock)
        {
            _lastId = Math.Max(_lastId, message.Position);
            var before = _shown.GetValueOrDefault(message.Id, new Seen(0, null, null));
            if (message.ChangeId <= before.ChangeId)
            {
                return MessageChange.None;
            }

            _shown[message.Id] = Seen.Of(message);
            return message.DeletedAt is not null && before.DeletedAt is null ? MessageChange.Deleted
                : message.EditedAt is not null && message.EditedAt != before.EditedAt ? MessageChange.Edited
                : MessageChange.Other;
        }
    }

    /// <summary>Moves the cursor past a message seen in history without marking it shown.</summary>
    public void Advance(long id)
    {
        lock (_lock)
        {
            _lastId = Math.Max(_lastId, id);
        }
    }

    private sealed record Seen(long ChangeId, DateTimeOffset? EditedAt, DateTimeOffset? DeletedAt)
    {
        public static Seen Of(ChatMessage m) => new(m.ChangeId, m.EditedAt, m.DeletedAt);
    }
}

/// <summary>Other: reactions, which the text output leaves out.</summary>
internal enum MessageChange
{
    None,
    Edited,
    Deleted,
    Other,
}
