using System.Diagnostics;
using System.Net;
using Chat.Tests.Infrastructure;
using Chat.Tests.Infrastructure.Cluster;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;

namespace Chat.Tests.Integration.Cluster;

/// <summary>A cluster on its own MariaDB server, which the test stops and starts again.</summary>
public sealed class DatabaseOutageCluster : ClusterFixture
{
    private StoppableMariaDb? _server;

    internal StoppableMariaDb Server => _server ?? throw new InvalidOperationException("The cluster is not started.");

    protected override async Task<string> CreateDatabaseAsync()
    {
        _server = await StoppableMariaDb.StartAsync();
        return _server.ConnectionString(Database);
    }

    protected override async Task DropDatabaseAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>The database goes away for a while under users chatting across nodes.</summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class DatabaseOutageTests(DatabaseOutageCluster cluster, ITestOutputHelper output) : IClassFixture<DatabaseOutageCluster>
{
    private const int SentDuringOutage = 4;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private Uri Node(int i) => cluster.Nodes[i].Uri;

    [Fact]
    public async Task WhileTheDatabaseIsDownSendsAskToTryAgainAndTheSameResendIsStoredOnceWhenItIsBack()
    {
        await using var alice = await cluster.ConnectedUserAsync("alice", Node(0));
        await using var bob = await cluster.ConnectedUserAsync("bob", Node(1));
        await using var carol = await cluster.ConnectedUserAsync("carol", Node(2));
        await alice.AddFriendAsync(bob.Id);
        await carol.AddFriendAsync(bob.Id);
        var before = await alice.SendDirectAsync(bob.Id, "before the outage");
        await bob.Messages.WaitAsync(m => m.Id == before.Id, Patience);
        var clientMessageIds = Enumerable.Range(0, SentDuringOutage).Select(i => $"outage-{i}").ToList();

        var outage = Stopwatch.StartNew();
        await cluster.Server.StopAsync();
        var during = new List<(string ClientMessageId, WireMessage? Ack, Exception? Error, TimeSpan Took)>();
        foreach (var id in clientMessageIds)
        {
            var clock = Stopwatch.StartNew();
            var (ack, error) = await TryAsync(() => alice.SendDirectAsync(bob.Id, $"sent during the outage ({id})", id));
            during.Add((id, ack, error, clock.Elapsed));
        }

        var (_, carolsError) = await TryAsync(() => carol.SendDirectAsync(bob.Id, "me too", "carol-outage"));
        var alive = await Task.WhenAll(cluster.Nodes.Select(AliveAsync));
        var readyDuring = await Task.WhenAll(cluster.Nodes.Select(n => n.ReadinessAsync()));
        await cluster.Server.StartAgainAsync();
        var outageLength = outage.Elapsed;
        var retried = new List<(WireMessage Ack, int Attempts)>();
        foreach (var id in clientMessageIds)
        {
            retried.Add(await alice.SendUntilAckedAsync(
                hub => hub.InvokeAsync<WireMessage>("SendDirect", bob.Id, $"sent during the outage ({id})", id), TimeSpan.FromSeconds(30)));
        }

        var shown = await Task.WhenAll(retried.Select(r => bob.Messages.WaitAsync(m => m.Id == r.Ack.Id, Patience)));
        var after = await alice.SendDirectAsync(bob.Id, "after the outage");
        await bob.Messages.WaitAsync(m => m.Id == after.Id, Patience);
        var stored = new List<long>();
        foreach (var id in clientMessageIds)
        {
            stored.Add(await cluster.QueryScalarAsync<long>("SELECT COUNT(*) FROM `Message` WHERE `SenderId` = @s AND `ClientMessageId` = @c",
                ("@s", alice.Id), ("@c", id)));
        }

        var falseAcks = 0;
        foreach (var (_, ack, _, _) in during.Where(d => d.Ack is not null))
        {
            falseAcks += await cluster.QueryScalarAsync<long>("SELECT COUNT(*) FROM `Message` WHERE `Id` = @id", ("@id", ack!.Id)) == 1 ? 0 : 1;
        }

        var errors = during.Select(d => d.Error).Append(carolsError).OfType<Exception>().ToList();
        var tryAgain = errors.Count(e => e is HubException && e.Message.Contains("try again", StringComparison.OrdinalIgnoreCase) && !e.Message.Contains(" at ", StringComparison.Ordinal));
        var deliveries = retried.Select(r => bob.Messages.Items.Count(m => m.Id == r.Ack.Id)).ToList();
        var dropped = new[] { alice, bob, carol }.Sum(c => c.Closed.Items.Count);
        var crashed = cluster.Nodes.Count(n => !n.IsRunning);

        output.WriteLine($"R4 db-outage: outage={outageLength.TotalSeconds:0.0}s attemptsDuring={during.Count + 1} " +
            $"tryAgainErrors={tryAgain}/{errors.Count} acksDuring={during.Count(d => d.Ack is not null)} falseAcks={falseAcks} " +
            $"failTook={during.Max(d => d.Took).TotalSeconds:0.0}s retriedOk={retried.Count}/{SentDuringOutage} " +
            $"retryAttempts={retried.Sum(r => r.Attempts)} stored={string.Join(",", stored)} shownTimes={string.Join(",", deliveries)} " +
            $"dropped={dropped} crashed={crashed} alive={string.Join(",", alive.Select(s => (int)s))} readyDuring={string.Join(",", readyDuring)}");
        Assert.Equal(0, falseAcks);
        Assert.Equal(errors.Count, tryAgain);
        Assert.All(stored, count => Assert.Equal(1, count));
        Assert.All(deliveries, count => Assert.Equal(1, count));
        Assert.Equal(retried.Select(r => r.Ack.Id), shown.Select(m => m.Id));
        Assert.All(during.Where(d => d.Ack is not null), d => Assert.Equal(d.Ack!.Id, retried[clientMessageIds.IndexOf(d.ClientMessageId)].Ack.Id));
        Assert.Equal(0, dropped);
        Assert.Equal(0, crashed);
        Assert.All(alive, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.All(new[] { alice, bob, carol }, c => Assert.Equal(HubConnectionState.Connected, c.Hub.State));
    }

    private static async Task<(WireMessage? Ack, Exception? Error)> TryAsync(Func<Task<WireMessage>> send)
    {
        try
        {
            return (await send(), null);
        }
        catch (Exception e)
        {
            return (null, e);
        }
    }

    private static async Task<HttpStatusCode> AliveAsync(NodeProcess node)
    {
        using var http = new HttpClient { BaseAddress = node.Uri, Timeout = TimeSpan.FromSeconds(10) };
        using var response = await http.GetAsync("/healthz");
        return response.StatusCode;
    }
}
