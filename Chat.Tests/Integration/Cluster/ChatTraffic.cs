using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Chat.Tests.Infrastructure;
using Chat.Tests.Infrastructure.Cluster;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Tests.Integration.Cluster;

/// <summary>Users pinned round-robin to the nodes, each a friend of the next (who is on another node) and
/// in a group with members on every node. They send paced messages, every fifth to their group, and
/// resend unacknowledged ones with the same clientMessageId; afterwards the audit compares what each
/// user was shown with what the server acknowledged.</summary>
internal sealed class ChatTraffic : IAsyncDisposable
{
    private readonly List<ClusterClient> _clients;
    private readonly Dictionary<int, int> _groupOf = [];
    private readonly Dictionary<int, List<ClusterClient>> _members = [];
    private readonly ConcurrentQueue<(ClusterClient Sender, int Seq, WireMessage Ack, int Attempts)> _acks = new();
    private readonly int[] _nextSeq;
    private int _attempted;

    private ChatTraffic(List<ClusterClient> clients) => (_clients, _nextSeq) = (clients, new int[clients.Count]);

    public IReadOnlyList<ClusterClient> Clients => _clients;

    /// <summary>Every acknowledgement, as it comes.</summary>
    public EventLog<WireMessage> Acks { get; } = new();

    public int Attempted => Volatile.Read(ref _attempted);

    public int Acked => _acks.Count;

    /// <summary>Acknowledged messages that needed more than one attempt.</summary>
    public int Resent => _acks.Count(a => a.Attempts > 1);

    public static async Task<ChatTraffic> StartAsync(ClusterFixture cluster, string prefix, int users, int groupSize)
    {
        var clients = (await Task.WhenAll(Enumerable.Range(0, users)
            .Select(i => cluster.ConnectedUserAsync($"{prefix}{i}", cluster.Nodes[i % cluster.Nodes.Count].Uri)))).ToList();
        var traffic = new ChatTraffic(clients);
        for (var i = 0; i < users; i++)
        {
            await clients[i].AddFriendAsync(clients[(i + 1) % users].Id);
        }

        for (var first = 0; first < users; first += groupSize)
        {
            var members = clients.Skip(first).Take(groupSize).ToList();
            var group = await members[0].CreateGroupAsync($"{prefix} group {first / groupSize}");
            foreach (var member in members.Skip(1))
            {
                await member.JoinGroupAsync(group.Id);
            }

            traffic._members[group.Id] = members;
            members.ForEach(m => traffic._groupOf[m.Id] = group.Id);
        }

        return traffic;
    }

    /// <summary>Every user sends <paramref name="messagesEach"/> more messages, one per <paramref name="interval"/>,
    /// each until acknowledged (resent after a failure). Returns the longest wait for an acknowledgement.</summary>
    public Task<TimeSpan> SendAsync(int messagesEach, TimeSpan interval, TimeSpan timeout) =>
        SendWhileAsync(sent => sent < messagesEach, interval, timeout);

    /// <summary>Every user sends one message per <paramref name="interval"/>, each until acknowledged, until
    /// <paramref name="stop"/> is cancelled. Returns the longest wait for an acknowledgement.</summary>
    public Task<TimeSpan> SendUntilAsync(CancellationToken stop, TimeSpan interval, TimeSpan timeout) =>
        SendWhileAsync(_ => !stop.IsCancellationRequested, interval, timeout);

    private async Task<TimeSpan> SendWhileAsync(Func<int, bool> more, TimeSpan interval, TimeSpan timeout)
    {
        var slowest = TimeSpan.Zero;
        await Task.WhenAll(_clients.Select(async (client, i) =>
        {
            // Pacing the offered load, not waiting for anything.
            using var pace = new PeriodicTimer(interval);
            for (var n = 0; more(n); n++)
            {
                await pace.WaitForNextTickAsync();
                Interlocked.Increment(ref _attempted);
                var seq = _nextSeq[i]++;
                var clientMessageId = $"seq-{seq}";
                var friend = _clients[(i + 1) % _clients.Count];
                var clock = Stopwatch.StartNew();
                var (ack, attempts) = await client.SendUntilAckedAsync(hub => seq % 5 == 4
                    ? hub.InvokeAsync<WireMessage>("SendGroup", _groupOf[client.Id], $"{client.Name} #{seq} to the group", clientMessageId)
                    : hub.InvokeAsync<WireMessage>("SendDirect", friend.Id, $"{client.Name} #{seq} to {friend.Name}", clientMessageId), timeout);
                lock (_acks)
                {
                    slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
                }

                _acks.Enqueue((client, seq, ack, attempts));
                Acks.Add(ack);
            }
        }));
        return slowest;
    }

    /// <summary>Sync(lastSeenId) on every client, as a client does on SyncRequired.</summary>
    public Task CatchUpEveryoneAsync() => Task.WhenAll(_clients.Select(c => c.CatchUpAsync()));

    /// <summary>Waits until every user was shown every acknowledged message addressed to them; returns how
    /// many (user, message) pairs are still missing when <paramref name="timeout"/> is up (0 when all arrived).</summary>
    public async Task<int> WaitUntilEveryoneHasEverythingAsync(TimeSpan timeout)
    {
        var missing = await Task.WhenAll(Expected().Select(async entry =>
        {
            try
            {
                await entry.Key.View.WaitForCountAsync(entry.Value.Count, m => entry.Value.Contains(m.Id), timeout);
                return 0;
            }
            catch (TimeoutException)
            {
                return Missing(entry.Key, entry.Value).Count;
            }
        }));
        return missing.Sum();
    }

    /// <summary>Acknowledged messages a recipient was never shown, as "user: id (sender, attempts it took)".</summary>
    public IReadOnlyList<string> MissingReport()
    {
        var acks = _acks.ToDictionary(a => a.Ack.Id);
        return [.. Expected().Select(e => (e.Key, Missing: Missing(e.Key, e.Value))).Where(e => e.Missing.Count > 0)
            .Select(e => $"{e.Key.Name}: {string.Join(",", e.Missing.Select(id => $"{id} (from {acks[id].Sender.Name}, {acks[id].Attempts} attempts)"))}" +
                $" after syncs {string.Join(" ", e.Key.Syncs.Items.Select(s => $"[{s.After}: {s.Returned} {s.FirstId}..{s.LastId}]"))}")];
    }

    /// <summary>One message (sender, clientMessageId) shown under two ids: stored twice.</summary>
    public int DupShown() =>
        _clients.Sum(c => c.View.Items.GroupBy(m => (m.SenderId, m.ClientMessageId)).Sum(g => g.Count() - 1));

    public int RawDuplicates() => _clients.Sum(c => c.RawDuplicates);

    /// <summary>Pairs of one sender's messages in one conversation whose ids disagree with the order they were
    /// sent in: in the sender's acknowledgements and in each recipient's view sorted by id.</summary>
    public int Inversions()
    {
        var acked = _acks.GroupBy(a => a.Sender).Sum(s => CountInversions(s.OrderBy(a => a.Seq).Select(a => a.Ack.Id).ToList()));
        var shown = _clients.Sum(c => c.View.Items.GroupBy(m => (m.SenderId, m.GroupId, m.RecipientId))
            .Sum(conversation => CountInversions(conversation.OrderBy(m => m.Id).Select(m => (long)SeqOf(m)).ToList())));
        return acked + shown;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }
    }

    private Dictionary<ClusterClient, HashSet<long>> Expected()
    {
        var expected = _clients.ToDictionary(c => c, _ => new HashSet<long>());
        foreach (var (_, _, ack, _) in _acks)
        {
            var recipients = ack.GroupId is { } group ? _members[group] : [_clients.Single(c => c.Id == ack.RecipientId)];
            recipients.ForEach(r => expected[r].Add(ack.Id));
        }

        return expected;
    }

    private static List<long> Missing(ClusterClient client, HashSet<long> expected)
    {
        var shown = client.View.Items.Select(m => m.Id).ToHashSet();
        return [.. expected.Where(id => !shown.Contains(id)).Order()];
    }

    private static int SeqOf(WireMessage message) =>
        int.Parse(message.ClientMessageId["seq-".Length..], CultureInfo.InvariantCulture);

    private static int CountInversions(List<long> values) => values.Zip(values.Skip(1)).Count(pair => pair.First > pair.Second);
}
