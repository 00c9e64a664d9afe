using System.Diagnostics;
using Chat.Tests.Infrastructure.Cluster;
using Xunit.Abstractions;

namespace Chat.Tests.Integration.Cluster;

/// <summary>Redis (backplane and presence) goes away and comes back empty while users chat across nodes.</summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "Cluster")]
public sealed partial class RedisOutageTests(ClusterFixture cluster, ITestOutputHelper output) : IClassFixture<ClusterFixture>
{
    private const int Users = 6;

    // One a second from each user: Redis stays away for about 10 s, as in the test plan.
    private const int SentDuringOutage = 10;

    // CHAT_REDIS_RESTART_ROUNDS sets more for a longer hunt.
    private const int DefaultRounds = 6;

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan OutageInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task WhileRedisRestartsSendsAreAcknowledgedAndEveryoneCatchesUpAfterwards()
    {
        await using var traffic = await ChatTraffic.StartAsync(cluster, "r3u", Users, groupSize: 3);
        await traffic.SendAsync(2, Interval, SendTimeout);
        var missingBefore = await traffic.WaitUntilEveryoneHasEverythingAsync(TimeSpan.FromSeconds(10));

        var outage = Stopwatch.StartNew();
        await cluster.Redis.StopAsync();
        var degradedAfter = await Eventually.HoldsAsync(ReadinessAsync, r => r.All(s => s == "Degraded"),
            TimeSpan.FromSeconds(20), "every node reports Degraded");
        // Bounded: acknowledgements that wait on Redis timeouts would stretch the outage far beyond 10 s.
        var slowestOutageAck = await traffic.SendAsync(SentDuringOutage, OutageInterval, SendTimeout).WaitAsync(TimeSpan.FromSeconds(30));
        var resentDuringOutage = traffic.Resent;
        var readinessDuringOutage = await ReadinessAsync();
        await cluster.Redis.StartAgainAsync();
        var outageLength = outage.Elapsed;
        var back = Stopwatch.StartNew();
        var healthyAfter = await Eventually.HoldsAsync(ReadinessAsync, r => r.All(s => s == "Healthy"),
            TimeSpan.FromSeconds(10), "every node reports Healthy after Redis came back");
        var syncRequired = await Task.WhenAll(traffic.Clients.Select(c => c.SyncRequired.WaitAsync(_ => true, TimeSpan.FromSeconds(15))));
        var missingAfterOutage = await traffic.WaitUntilEveryoneHasEverythingAsync(TimeSpan.FromSeconds(10));
        var convergence = back.Elapsed;
        await traffic.SendAsync(2, Interval, SendTimeout);
        var lost = await traffic.WaitUntilEveryoneHasEverythingAsync(TimeSpan.FromSeconds(10));
        var dropped = traffic.Clients.Sum(c => c.Closed.Items.Count);
        var crashed = cluster.Nodes.Count(n => !n.IsRunning);

        output.WriteLine($"R3 redis-restart: sent={traffic.Attempted} acked={traffic.Acked} outageAckedFirstTry={Users * SentDuringOutage - resentDuringOutage}/{Users * SentDuringOutage} " +
            $"lost={lost} dupShown={traffic.DupShown()} rawDup={traffic.RawDuplicates()} inversions={traffic.Inversions()} " +
            $"outage={outageLength.TotalSeconds:0.0}s slowestOutageAck={slowestOutageAck.TotalSeconds:0.00}s degradedAfter={degradedAfter.TotalSeconds:0.0}s " +
            $"readyDuring={string.Join(",", readinessDuringOutage)} healthyAfter={healthyAfter.TotalSeconds:0.0}s syncRequired={syncRequired.Length}/{traffic.Clients.Count} " +
            $"convergence={convergence.TotalSeconds:0.0}s dropped={dropped} crashed={crashed}");
        Assert.Equal(0, missingBefore);
        Assert.Equal(0, resentDuringOutage);
        Assert.All(readinessDuringOutage, ready => Assert.Equal("Degraded", ready));
        Assert.True(missingAfterOutage == 0, "missing after Redis came back: " + string.Join("; ", traffic.MissingReport()));
        Assert.True(lost == 0, "lost: " + string.Join("; ", traffic.MissingReport()));
        Assert.Equal(0, traffic.DupShown());
        Assert.Equal(0, traffic.Inversions());
        Assert.True(convergence < TimeSpan.FromSeconds(5), $"converged {convergence.TotalSeconds:0.0}s after Redis came back");
        Assert.Equal(0, dropped);
        Assert.Equal(0, crashed);
    }

    /// <summary>The outside finding: senders never pause, so messages are accepted in every instant of the
    /// restart (while Redis goes, while each node reconnects and resubscribes). Repeated, since the races it
    /// catches are a few milliseconds wide.</summary>
    [Fact]
    public async Task UnderContinuousTrafficRedisRestartsLoseNoAcknowledgedMessage()
    {
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("CHAT_REDIS_RESTART_ROUNDS"), out var n) ? n : DefaultRounds;
        await using var traffic = await ChatTraffic.StartAsync(cluster, "r3c", users: 10, groupSize: 5);
        var losses = new List<int>();

        for (var round = 1; round <= rounds; round++)
        {
            using var stop = new CancellationTokenSource();
            var sending = traffic.SendUntilAsync(stop.Token, TimeSpan.FromMilliseconds(5), SendTimeout);
            await traffic.Acks.WaitForCountAsync(traffic.Acked + 200, timeout: SendTimeout);
            var outage = Stopwatch.StartNew();
            await cluster.Redis.StopAsync();
            var ackedDuringOutage = traffic.Acked;
            // Short and long outages alternate: a long one outlasts the overlap that Sync repeats (3 s).
            await traffic.Acks.WaitForCountAsync(traffic.Acked + (round % 2 == 1 ? 300 : 1200), timeout: SendTimeout);
            ackedDuringOutage = traffic.Acked - ackedDuringOutage;
            await cluster.Redis.StartAgainAsync();
            var outageLength = outage.Elapsed;
            await Eventually.HoldsAsync(ReadinessAsync, r => r.All(s => s == "Healthy"), TimeSpan.FromSeconds(10), "every node Healthy again");
            await traffic.Acks.WaitForCountAsync(traffic.Acked + 300, timeout: SendTimeout);
            await stop.CancelAsync();
            await sending;
            var lost = await traffic.WaitUntilEveryoneHasEverythingAsync(TimeSpan.FromSeconds(10)) - losses.Sum();
            losses.Add(lost);

            output.WriteLine($"R3 redis-restart-continuous round={round}/{rounds}: acked={traffic.Acked} ackedDuringOutage={ackedDuringOutage} " +
                $"outage={outageLength.TotalSeconds:0.0}s lost={lost} dupShown={traffic.DupShown()} inversions={traffic.Inversions()} " +
                $"syncRequired={traffic.Clients.Sum(c => c.SyncRequired.Items.Count)}");
            foreach (var missing in traffic.MissingReport())
            {
                output.WriteLine("  not shown: " + missing);
            }

            if (lost > 0)
            {
                foreach (var node in cluster.Nodes)
                {
                    output.WriteLine($"  {node.Name}: {string.Join(" | ", node.Tail(400).Split('\n').Where(line => line.Contains("Backplane") || line.Contains("missed") || line.Contains("Replayed")))}");
                }
            }
        }

        output.WriteLine($"R3 redis-restart-continuous: rounds={rounds} lostPerRound={string.Join(",", losses)} dupShown={traffic.DupShown()} " +
            $"dropped={traffic.Clients.Sum(c => c.Closed.Items.Count)} crashed={cluster.Nodes.Count(node => !node.IsRunning)}");
        Assert.All(losses, lost => Assert.Equal(0, lost));
        Assert.Equal(0, traffic.DupShown());
        Assert.Equal(0, traffic.Inversions());
        Assert.All(cluster.Nodes, node => Assert.True(node.IsRunning, $"{node.Name} crashed"));
    }

    private Task<string[]> ReadinessAsync() => Task.WhenAll(cluster.Nodes.Select(n => n.ReadinessAsync()));
}
