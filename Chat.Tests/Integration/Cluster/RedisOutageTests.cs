using System.Diagnostics;
using Chat.Tests.Infrastructure.Cluster;
using Xunit.Abstractions;

namespace Chat.Tests.Integration.Cluster;

/// <summary>Redis (backplane and presence) goes away and comes back empty while users chat across nodes.</summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class RedisOutageTests(ClusterFixture cluster, ITestOutputHelper output) : IClassFixture<ClusterFixture>
{
    private const int Users = 6;

    // One a second from each user: Redis stays away for about 10 s, as in the test plan.
    private const int SentDuringOutage = 10;

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

    private Task<string[]> ReadinessAsync() => Task.WhenAll(cluster.Nodes.Select(n => n.ReadinessAsync()));
}
