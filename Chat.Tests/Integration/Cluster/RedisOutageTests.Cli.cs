using Chat.Tests.Infrastructure;
using Chat.Tests.Infrastructure.Cluster;
using Chat.Tests.Integration.Cli;

namespace Chat.Tests.Integration.Cluster;

/// <summary>The console client on a cluster: one through the nginx entry, one on a node, chatting, and what was
/// sent while Redis was away printed once after it came back (SyncRequired's catch-up and the node's resend may
/// both bring it).</summary>
public sealed partial class RedisOutageTests
{
    [Fact]
    public async Task ConsoleClientsChatThroughTheEntryAndPrintWhatWasSentDuringARedisOutageOnce()
    {
        var (aliceName, bobName) = (ChatAppFactory.UniqueName("alice"), ChatAppFactory.UniqueName("bob"));
        await using var bob = CliProcess.Start(cluster.Nodes[1].Uri, bobName, "--register");
        await bob.WaitForAsync("No messages while you were away.");
        await using var alice = CliProcess.Start(cluster.Nginx.Uri, aliceName, "--register");
        await alice.WaitForAsync("No messages while you were away.");
        await alice.SendAsync($"addfriend {bobName}");
        await bob.WaitForAsync($"* {aliceName} (#");
        await alice.SendAsync($"chat {bobName} before the outage");
        await bob.WaitForAsync("before the outage");
        await bob.SendAsync($"chat {aliceName} heard you");
        await alice.WaitForAsync("heard you");

        await cluster.Redis.StopAsync();
        await alice.SendAsync($"chat {bobName} while redis is away");
        await alice.WaitForAsync($"you -> {bobName}: while redis is away");
        await cluster.Redis.StartAgainAsync();
        var caughtUp = await bob.WaitForAsync("while redis is away");
        await Eventually.HoldsAsync(() => Task.WhenAll(cluster.Nodes.Select(n => n.ReadinessAsync())), r => r.All(s => s == "Healthy"),
            TimeSpan.FromSeconds(10), "every node Healthy again");
        await alice.SendAsync($"chat {bobName} after the outage");
        await bob.WaitForAsync("after the outage");

        Assert.EndsWith($"] {aliceName}: while redis is away", caughtUp);
        Assert.Equal(1, bob.Count("while redis is away"));
        Assert.Equal(1, bob.Count("before the outage"));
        Assert.Equal(0, await alice.EndAsync());
        Assert.Equal(0, await bob.EndAsync());
    }
}
