using Chat.Tests.Infrastructure;
using Chat.Tests.Infrastructure.Cluster;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;

namespace Chat.Tests.Integration.Cluster;

/// <summary>A node dies in the middle of a send or of handing out the offline queue; the client tries
/// again through another node and gets everything once.</summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class RetryAndOfflineTests(ClusterFixture cluster, ITestOutputHelper output) : IClassFixture<ClusterFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private Uri Node(int i) => cluster.Nodes[i].Uri;

    public Task InitializeAsync() => cluster.RestartStoppedNodesAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task AResendThroughAnotherNodeAfterTheFirstNodeDiedUnansweredStoresAndShowsTheMessageOnce()
    {
        await using var alice = await cluster.ConnectedUserAsync("alice", Node(0));
        await using var bob = await cluster.ConnectedUserAsync("bob", Node(2));
        await alice.AddFriendAsync(bob.Id);
        const string ClientMessageId = "r2-only-once";

        // Sent without asking for an answer, as a call whose answer dies with its node.
        await alice.Hub.SendAsync("SendDirect", bob.Id, "across a crash", ClientMessageId);
        await Eventually.HoldsAsync(() => RowsAsync(alice.Id, ClientMessageId), rows => rows == 1, Patience, "the first attempt is stored");
        await cluster.Nodes[0].KillAsync();
        await alice.ConnectAsync(Node(1));
        var resent = await alice.SendDirectAsync(bob.Id, "across a crash", ClientMessageId);
        await bob.View.WaitAsync(m => m.Id == resent.Id, Patience);
        await bob.CatchUpAsync();

        var rows = await RowsAsync(alice.Id, ClientMessageId);
        var storedId = await cluster.QueryScalarAsync<long>("SELECT `Id` FROM `Message` WHERE `SenderId` = @s AND `ClientMessageId` = @c",
            ("@s", alice.Id), ("@c", ClientMessageId));
        var shown = bob.View.Items.Count(m => m.ClientMessageId == ClientMessageId);
        output.WriteLine($"R2 unacked-retry: rows={rows} firstAttemptAck=none resendId={resent.Id} storedId={storedId} sameId={resent.Id == storedId} " +
            $"deliveries={bob.Messages.Items.Count(m => m.ClientMessageId == ClientMessageId)} shown={shown}");
        Assert.Equal(1, rows);
        Assert.Equal(storedId, resent.Id);
        Assert.Equal(1, shown);
    }

    [Fact]
    public async Task SevenHundredOfflineMessagesFromThreeNodesArriveOnceInPagesAndSurviveANodeDyingBeforeMarkingThem()
    {
        const int PerSender = 234;
        var senders = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => cluster.ConnectedUserAsync($"r8s{i}", Node(i))));
        var plain = await cluster.UserAsync("r8plain");
        var crashed = await cluster.UserAsync("r8crash");
        foreach (var sender in senders)
        {
            await sender.AddFriendAsync(plain.Id);
            await sender.AddFriendAsync(crashed.Id);
        }

        var sent = await Task.WhenAll(senders.Select(async s =>
        {
            var acks = new List<(int To, long Id)>();
            for (var n = 0; n < PerSender; n++)
            {
                acks.Add((plain.Id, (await s.SendDirectAsync(plain.Id, $"#{n}")).Id));
                acks.Add((crashed.Id, (await s.SendDirectAsync(crashed.Id, $"#{n}")).Id));
            }

            return acks;
        }));
        var toPlain = sent.SelectMany(acks => acks).Where(a => a.To == plain.Id).Select(a => a.Id).ToHashSet();
        var toCrashed = sent.SelectMany(acks => acks).Where(a => a.To == crashed.Id).Select(a => a.Id).ToHashSet();

        await using var login = ClusterFixture.CreateHubConnection(Node(1), plain.Tokens.AccessToken);
        await login.StartAsync();
        var first = await OfflineSyncAsync(login);
        var second = await OfflineSyncAsync(login);
        var crashCase = await SyncWhileTheNodeDiesBeforeMarkingAsync(crashed);

        var crashMissing = toCrashed.Count(id => !crashCase.Contains(id));
        output.WriteLine($"R8 offline: sent={toPlain.Count} returned={first.Ids.Count} distinct={first.Ids.Distinct().Count()} pages={first.Pages} " +
            $"largestPage={first.LargestPage} oldestFirst={first.OldestFirst} secondSync={second.Ids.Count} crashCase: sent={toCrashed.Count} " +
            $"missing={crashMissing} redelivered={crashCase.Count}");
        Assert.True(toPlain.SetEquals(first.Ids), "the offline messages returned are not the ones sent");
        Assert.True(first.Ids.Count - toPlain.Count <= 50, $"{first.Ids.Count - toPlain.Count} repeated");
        Assert.True(first.LargestPage <= 500 && first.Pages >= 2, $"{first.Pages} pages, the largest {first.LargestPage}");
        Assert.True(first.OldestFirst);
        Assert.Empty(second.Ids);
        Assert.Equal(0, crashMissing);
        foreach (var sender in senders)
        {
            await sender.DisposeAsync();
        }
    }

    private sealed record OfflineDelivery(List<long> Ids, int Pages, int LargestPage, bool OldestFirst);

    /// <summary>Sync(null), then each further page as hasMore says, as a client does at login.</summary>
    private static async Task<OfflineDelivery> OfflineSyncAsync(HubConnection hub)
    {
        var ids = new List<long>();
        var pages = 0;
        var largest = 0;
        long? after = null;
        WireSyncResult page;
        do
        {
            page = await hub.InvokeAsync<WireSyncResult>("Sync", after);
            pages++;
            largest = Math.Max(largest, page.Messages.Count);
            ids.AddRange(page.Messages.Select(m => m.Id));
            after = page.Messages.Count > 0 ? page.Messages[^1].Id : after;
        }
        while (page.HasMore);

        // Each page oldest first; a later page may repeat a few of the last (the catch-up overlap).
        return new OfflineDelivery(ids, pages, largest, ids.Distinct().SequenceEqual(ids.Distinct().Order()));
    }

    /// <summary>The node hands out the first page and dies before the client's next call; the user then
    /// signs in through another node as if that answer never arrived.</summary>
    private async Task<HashSet<long>> SyncWhileTheNodeDiesBeforeMarkingAsync(ClusterClient user)
    {
        await using (var dying = ClusterFixture.CreateHubConnection(Node(0), user.Tokens.AccessToken))
        {
            await dying.StartAsync();
            await dying.InvokeAsync<WireSyncResult>("Sync", (long?)null);
            await cluster.Nodes[0].KillAsync();
        }

        await using var again = ClusterFixture.CreateHubConnection(Node(1), user.Tokens.AccessToken);
        await again.StartAsync();
        return [.. (await OfflineSyncAsync(again)).Ids];
    }

    private Task<long> RowsAsync(int senderId, string clientMessageId) =>
        cluster.QueryScalarAsync<long>("SELECT COUNT(*) FROM `Message` WHERE `SenderId` = @s AND `ClientMessageId` = @c",
            ("@s", senderId), ("@c", clientMessageId));
}
