using System.Collections.Concurrent;
using Chat.Server.Accounts;
using Microsoft.AspNetCore.SignalR;

namespace Chat.Server.Realtime;

/// <summary>The connections open on this node, from set-up until their teardown is done: so that the node
/// can close a user's connections when they log out, close them all when it stops, and catch them up
/// after a backplane outage. Routing never uses it: messages go through SignalR's user and group addressing.</summary>
internal sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<string, (int UserId, HubCallerContext Context)> _open = new();

    public void Add(int userId, HubCallerContext context) => _open[context.ConnectionId] = (userId, context);

    public void Remove(string connectionId) => _open.TryRemove(connectionId, out _);

    public int Count => _open.Count;

    /// <summary>Distinct users with a connection here; a walk over every connection, so for metrics only.</summary>
    public int UserCount()
    {
        var users = new HashSet<int>();
        foreach (var (_, entry) in _open)
        {
            users.Add(entry.UserId);
        }

        return users.Count;
    }

    public IReadOnlyList<(string ConnectionId, int UserId)> Snapshot() =>
        [.. _open.Select(entry => (entry.Key, entry.Value.UserId))];

    /// <summary>Closes every connection of the user on this node; returns how many.</summary>
    public int AbortUser(int userId) => Abort(entry => entry.UserId == userId);

    /// <summary>Closes every connection on this node opened with a token of the session family; returns how many.</summary>
    public int AbortSession(Guid family)
    {
        var id = family.ToString("N");
        return Abort(entry => FamilyOf(entry.Context) == id);
    }

    /// <summary>Closes the user's connections on this node but those of the kept session family; returns how many.</summary>
    public int AbortUserExcept(int userId, Guid keptFamily)
    {
        var kept = keptFamily.ToString("N");
        return Abort(entry => entry.UserId == userId && FamilyOf(entry.Context) != kept);
    }

    private static string? FamilyOf(HubCallerContext context) => context.User?.FindFirst(SessionFamily.ClaimType)?.Value;

    /// <summary>Closes every connection on this node; returns how many.</summary>
    public int AbortAll() => Abort(_ => true);

    private int Abort(Func<(int UserId, HubCallerContext Context), bool> which)
    {
        var closed = 0;
        foreach (var (_, entry) in _open)
        {
            if (which(entry))
            {
                entry.Context.Abort();
                closed++;
            }
        }

        return closed;
    }
}
