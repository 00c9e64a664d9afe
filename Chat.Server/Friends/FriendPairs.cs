using System.Collections.Concurrent;
using Chat.Server.Data;
using Chat.Server.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Chat.Server.Friends;

/// <summary>The friendship check of every direct message, kept off the message's insert. Nothing ever
/// ends a friendship (no route removes one), so a pair once found in the database stays friends and
/// this node remembers it; a pair not remembered is looked up, so a friendship made on another node
/// counts at once. Checking in the insert (INSERT .. SELECT FROM Friend) cost the database about twice
/// the CPU of a plain insert (BENCHMARKS.md). If friendships ever become removable, forget them here.</summary>
internal sealed class FriendPairs
{
    /// <summary>About 100 bytes a pair; when full, the node forgets them all and looks them up again.</summary>
    public const int Capacity = 100_000;

    private readonly ConcurrentDictionary<long, bool> _known = new();

    public int Count => _known.Count;

    public async Task<bool> AreFriendsAsync(ChatDbContext db, int userId, int otherId, CancellationToken ct)
    {
        var pair = Message.PairKeyOf(userId, otherId);
        if (_known.ContainsKey(pair))
        {
            return true;
        }

        if (!await db.Friends.AnyAsync(f => f.UserId == userId && f.FriendId == otherId, ct))
        {
            return false;
        }

        Remember(userId, otherId);
        return true;
    }

    /// <summary>Called once both rows of a friendship are stored.</summary>
    public void Remember(int userId, int otherId)
    {
        var pair = Message.PairKeyOf(userId, otherId);
        if (!_known.ContainsKey(pair) && _known.Count >= Capacity)
        {
            _known.Clear();
        }

        _known[pair] = true;
    }
}
