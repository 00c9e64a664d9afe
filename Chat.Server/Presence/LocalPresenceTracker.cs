namespace Chat.Server.Presence;

/// <summary>Presence of a single node with no backplane: the node sees every connection there is.</summary>
internal sealed class LocalPresenceTracker : IPresenceTracker
{
    private readonly Dictionary<int, HashSet<string>> _connections = [];
    private readonly Lock _lock = new();

    public Task<bool> ConnectedAsync(int userId, string connectionId)
    {
        lock (_lock)
        {
            if (!_connections.TryGetValue(userId, out var set))
            {
                _connections[userId] = set = [];
            }

            set.Add(connectionId);
            return Task.FromResult(set.Count == 1);
        }
    }

    public Task<bool> DisconnectedAsync(int userId, string connectionId)
    {
        lock (_lock)
        {
            if (!_connections.TryGetValue(userId, out var set) || !set.Remove(connectionId))
            {
                return Task.FromResult(false);
            }

            if (set.Count > 0)
            {
                return Task.FromResult(false);
            }

            _connections.Remove(userId);
            return Task.FromResult(true);
        }
    }

    public Task<bool> IsOnlineAsync(int userId)
    {
        lock (_lock)
        {
            return Task.FromResult(_connections.ContainsKey(userId));
        }
    }

    public Task<long[]?> ConnectionCountsAsync(IReadOnlyList<int> userIds)
    {
        lock (_lock)
        {
            return Task.FromResult<long[]?>([.. userIds.Select(id => (long)(_connections.TryGetValue(id, out var set) ? set.Count : 0))]);
        }
    }

    public Task<IReadOnlySet<int>> OnlineAmongAsync(IReadOnlyCollection<int> userIds)
    {
        lock (_lock)
        {
            IReadOnlySet<int> online = userIds.Where(_connections.ContainsKey).ToHashSet();
            return Task.FromResult(online);
        }
    }

    public Task<IReadOnlyList<string>> ConnectionsOfAsync(int userId)
    {
        lock (_lock)
        {
            IReadOnlyList<string> list = _connections.TryGetValue(userId, out var set) ? [.. set] : [];
            return Task.FromResult(list);
        }
    }
}
