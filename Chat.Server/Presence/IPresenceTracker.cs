namespace Chat.Server.Presence;

/// <summary>Who is connected. A user is online while at least one of their connections is open.</summary>
internal interface IPresenceTracker
{
    /// <summary>Records a connection; true when it is the user's first (the user just came online).</summary>
    Task<bool> ConnectedAsync(int userId, string connectionId);

    /// <summary>Forgets a connection; true when it was the user's last (the user just went offline).</summary>
    Task<bool> DisconnectedAsync(int userId, string connectionId);

    Task<bool> IsOnlineAsync(int userId);

    /// <summary>How many connections each user has open, in the order asked; null when that is unknown
    /// (Redis unreachable).</summary>
    Task<long[]?> ConnectionCountsAsync(IReadOnlyList<int> userIds);

    /// <summary>The subset of <paramref name="userIds"/> that is online.</summary>
    Task<IReadOnlySet<int>> OnlineAmongAsync(IReadOnlyCollection<int> userIds);

    /// <summary>Every open connection of the user, on any node.</summary>
    Task<IReadOnlyList<string>> ConnectionsOfAsync(int userId);
}
