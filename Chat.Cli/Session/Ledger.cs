namespace Chat.Cli.Session;

/// <summary>Which messages were shown, by id, and the catch-up cursor. The server may push a message again
/// (its first push may have died with a node) and catch-up repeats an overlap: each shows once.</summary>
internal sealed class Ledger
{
    private readonly HashSet<long> _shown = [];
    private readonly Lock _lock = new();
    private long _lastId;

    /// <summary>The largest message id seen; Sync(LastId) after a reconnect misses nothing.</summary>
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
            _lastId = Math.Max(_lastId, message.Id);
            return _shown.Add(message.Id);
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
}
