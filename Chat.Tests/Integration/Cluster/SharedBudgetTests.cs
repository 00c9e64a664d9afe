using System.Diagnostics;
using Chat.Tests.Infrastructure;
using Chat.Tests.Infrastructure.Cluster;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;

namespace Chat.Tests.Integration.Cluster;

/// <summary>Two nodes with the default send limit (burst 10, then 5 per second) and 3 AddFriend a minute.</summary>
public sealed class ThrottledClusterFixture : ClusterFixture
{
    protected override int NodeCount => 2;

    protected override Dictionary<string, string> NodeEnvironment(int i)
    {
        var environment = base.NodeEnvironment(i);
        environment["Hub__MessageBurst"] = "10";
        environment["Hub__MessagesPerSecond"] = "5";
        environment["Limits__FriendAddsPerMinute"] = "3";
        return environment;
    }
}

/// <summary>A user with connections on both nodes gets one user's budget, not one per node: for sends,
/// typing and AddFriend.</summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class SharedBudgetTests(ThrottledClusterFixture cluster, ITestOutputHelper output) : IClassFixture<ThrottledClusterFixture>
{
    [Fact]
    public async Task AUserOnTwoNodesIsHeldToOneBudgetForSendsTypingAndAddFriend()
    {
        var flooder = await cluster.UserAsync("spread");
        var tabs = new List<ClusterClient>();
        foreach (var node in new[] { 0, 1, 0, 1 })
        {
            tabs.Add(await new ClusterClient(flooder.Tokens).ConnectAsync(cluster.Nodes[node].Uri));
        }

        // Node 1 learns that the user spans nodes from a Redis channel; these round trips outlast that.
        await using var friend = await cluster.ConnectedUserAsync("friend", cluster.Nodes[0].Uri);
        var typing = 0;
        friend.Hub.On<WireTyping>("Typing", _ => Interlocked.Increment(ref typing));
        await tabs[0].AddFriendAsync(friend.Id);

        var accepted = 0;
        var refused = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(tabs.Select(async (tab, t) =>
        {
            for (var i = 0; i < 15; i++)
            {
                try
                {
                    await tab.SendDirectAsync(friend.Id, $"spam {t}.{i}");
                    Interlocked.Increment(ref accepted);
                }
                catch (HubException)
                {
                    Interlocked.Increment(ref refused);
                }
            }
        }));
        var sendSeconds = clock.Elapsed.TotalSeconds;

        clock.Restart();
        await Task.WhenAll(tabs.SelectMany(tab => Enumerable.Range(0, 250).Select(_ => tab.Hub.InvokeAsync("Typing", (int?)friend.Id, (int?)null))));
        var typingSeconds = clock.Elapsed.TotalSeconds;
        // Calls of a connection run in order, and a node's pushes keep their order: after these, all typing is
        // in. The flood spent the budget: they are resent until it refills.
        var markers = await Task.WhenAll(tabs.Take(2).Select(tab =>
        {
            var id = Guid.NewGuid().ToString("N");
            return tab.SendUntilAckedAsync(hub => hub.InvokeAsync<WireMessage>("SendDirect", friend.Id, "after the flood", id), TimeSpan.FromSeconds(30));
        }));
        await Task.WhenAll(markers.Select(m => friend.Messages.WaitAsync(d => d.Id == m.Ack.Id)));

        output.WriteLine($"S10 flood across nodes: perUserAccepted={accepted} refused={refused} typingSent=1000 typingRelayed={typing}");
        Assert.InRange(accepted, 10, 10 + (5 * sendSeconds) + 1);
        Assert.InRange(typing, 1, (int)Math.Ceiling(typingSeconds / 2) + 1);

        // The friend above was the first add of three; two more on either node, then the fourth is refused.
        var others = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            others.Add((await cluster.UserAsync("other")).Id);
        }

        await tabs[1].AddFriendAsync(others[0]);
        await tabs[0].AddFriendAsync(others[1]);
        var refusedAdd = await Assert.ThrowsAsync<HubException>(() => tabs[1].AddFriendAsync(others[2]));
        output.WriteLine($"S10 friends across nodes: added=3 refused=1 ({refusedAdd.Message})");
        Assert.Contains("too fast", refusedAdd.Message);
        foreach (var tab in tabs)
        {
            await tab.DisposeAsync();
        }
    }
}
