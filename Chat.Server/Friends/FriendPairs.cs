using System.Collections.Concurrent;
using Chat.Server.Data;
using Chat.Server.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Chat.Server.Friends;

/// <summary>The friendship check of every direct message, kept off the message's insert. A pair found in
/// the database is remembered, so a send between friends costs no lookup; a pair not remembered is looked
/// up, so a friendship made on another node counts at once. Checking in the insert (INSERT .. SELECT FROM
/// Friend) cost the database about twice the CPU of a plain insert (BENCHMARKS.md). A friendship that ends
/// is forgotten on every node before the call that ended it returns (<see cref="IFriendshipEnds"/>).</summary>
internal sealed class FriendPairs
{
    /// <summary>About 100 bytes a pair; when full, the node forgets them all and looks them up again.</summary>
    public const int Capacity = 100_000;

    private readonly ConcurrentDictionary<long, bool> _known = new();

    // Moves on with every forgetting: a lookup that began before one must not remember what it read.
    private long _generation;

    // Off while this node may miss another node's "forget" (its backplane is broken): every check reads the database.
    private volatile bool _remembering = true;

    public int Count => _known.Count;

    public async Task<bool> AreFriendsAsync(ChatDbContext db, int userId, int otherId, CancellationToken ct)
    {
        var pair = Message.PairKeyOf(userId, otherId);
        if (_remembering && _known.ContainsKey(pair))
        {
            return true;
        }

        var generation = Interlocked.Read(ref _generation);
        if (!await db.Friends.AnyAsync(f => f.UserId == userId && f.FriendId == otherId, ct))
        {
            return false;
        }

        Remember(userId, otherId, generation);
        return true;
    }

    /// <summary>Called once both rows of a friendship are stored.</summary>
    public void Remember(int userId, int otherId) => Remember(userId, otherId, Interlocked.Read(ref _generation));

    private void Remember(int userId, int otherId, long readAt)
    {
        var pair = Message.PairKeyOf(userId, otherId);
        if (!_known.ContainsKey(pair) && _known.Count >= Capacity)
        {
            _known.Clear();
        }

        _known[pair] = true;
        // Forgotten meanwhile: what was read may be stale, so take it back (the next check reads again).
        if (!_remembering || Interlocked.Read(ref _generation) != readAt)
        {
            _known.TryRemove(pair, out _);
        }
    }

    public void Forget(int userId, int otherId)
    {
        Interlocked.Increment(ref _generation);
        _known.TryRemove(Message.PairKeyOf(userId, otherId), out _);
    }

    /// <summary>Forgets every pair and remembers none until <see cref="Resume"/>: for while this node cannot
    /// hear that a friendship ended elsewhere.</summary>
    public void Suspend()
    {
        _remembering = false;
        Interlocked.Increment(ref _generation);
        _known.Clear();
    }

    /// <summary>Remembers again, from nothing: what was remembered before may have ended meanwhile.</summary>
    public void Resume()
    {
        Interlocked.Increment(ref _generation);
        _known.Clear();
        _remembering = true;
    }
}
