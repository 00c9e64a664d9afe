using Chat.Tests.Infrastructure;
using Chat.Tests.Infrastructure.Cluster;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Tests.Integration.Cli;

/// <summary>The console client shows edits and deletions, live and in catch-up, and keeps one cursor over
/// message ids and change ids.</summary>
public sealed class MessageChangeCliTests(CliNode node) : IClassFixture<CliNode>
{
    [Fact]
    public async Task AnEditAndADeletionArePrintedAndAReactionOnlyAsJson()
    {
        var (alice, aliceHub) = await node.HubUserAsync("alice");
        await using var _ = aliceHub;
        var bobName = ChatAppFactory.UniqueName("bob");
        await using var bob = CliProcess.Start(node.Uri, bobName, "--register");
        await using var bobJson = await StartAsFriendAsync(bob, bobName, alice.User.Name, "--json");
        var bobId = (await aliceHub.InvokeAsync<WireSyncResult>("Sync", (long?)long.MaxValue)).Friends.Single().Id;

        var typo = await aliceHub.InvokeAsync<WireMessage>("SendDirect", bobId, "helo", "cli-edit-1");
        var gone = await aliceHub.InvokeAsync<WireMessage>("SendDirect", bobId, "oops", "cli-edit-2");
        await aliceHub.InvokeAsync<WireMessage>("EditMessage", typo.Id, "hello");
        var edited = await bob.WaitForAsync("(edited)");
        await aliceHub.InvokeAsync<WireMessage>("React", typo.Id, "👍", true);
        await bobJson.WaitForAsync("\"reactions\":[{\"emoji\"");
        await aliceHub.InvokeAsync<WireMessage>("DeleteMessage", gone.Id);
        var deleted = await bob.WaitForAsync("deleted a message");
        await bobJson.WaitForAsync("\"deletedAt\":\"");
        Assert.Equal(0, await bob.EndAsync());
        Assert.Equal(0, await bobJson.EndAsync());

        Assert.EndsWith($"] {alice.User.Name}: hello (edited)", edited);
        Assert.StartsWith($"* {alice.User.Name} deleted a message (", deleted);
        Assert.DoesNotContain("👍", bob.Output);
        Assert.Equal(3, bobJson.Count("\"type\":\"messageUpdated\""));
    }

    [Fact]
    public async Task AfterACatchUpPageFullOfChangesTheMessagesBehindItAreShown()
    {
        const int Messages = 505;
        var bobName = ChatAppFactory.UniqueName("bob");
        var (alice, aliceHub) = await node.HubUserAsync("alice");
        await using var _ = aliceHub;
        await using var bob = CliProcess.Start(node.Uri, bobName, "--register");
        await using var __ = await StartAsFriendAsync(bob, bobName, alice.User.Name);
        var bobId = (await aliceHub.InvokeAsync<WireSyncResult>("Sync", (long?)long.MaxValue)).Friends.Single().Id;
        var sent = new List<WireMessage>();
        for (var i = 0; i < Messages; i++)
        {
            sent.Add(await aliceHub.InvokeAsync<WireMessage>("SendDirect", bobId, $"message {i}", $"cli-page-{i}"));
        }

        await bob.WaitForAsync($": message {Messages - 1}");

        // Where bob's client is not connected, so it learns all this only by catching up: first a page of
        // 500 changes, and behind it 5 more and the new message.
        await using var sibling = await node.StartSiblingAsync();
        await using var aliceThere = ClusterFixture.CreateHubConnection(sibling.Uri, alice.AccessToken);
        await aliceThere.StartAsync();
        foreach (var message in sent)
        {
            await aliceThere.InvokeAsync<WireMessage>("EditMessage", message.Id, $"{message.Text} fixed");
        }

        await aliceThere.InvokeAsync<WireMessage>("SendDirect", bobId, "after the edits", "cli-page-last");
        await node.Node.StopAsync();
        await bob.WaitForAsync("* connection lost");
        await node.Node.StartAsync();
        var after = await bob.Lines.WaitAsync(l => l.Contains("after the edits", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        await bob.SendAsync("loginout");
        Assert.Equal(0, await bob.EndAsync());

        Assert.EndsWith($"] {alice.User.Name}: after the edits", after);
        Assert.Equal(Messages, bob.Count(" fixed (edited)"));
        Assert.Equal(1, bob.Count($": message {Messages - 1} fixed (edited)"));
    }

    /// <summary>Waits for <paramref name="bob"/>'s login, befriends <paramref name="friend"/> and opens a second
    /// session of bob with <paramref name="args"/> (disposed by the caller).</summary>
    private async Task<CliProcess> StartAsFriendAsync(CliProcess bob, string bobName, string friend, params string[] args)
    {
        await bob.WaitForAsync("No messages while you were away.");
        await bob.SendAsync($"addfriend {friend}");
        await bob.WaitForAsync($"{friend} (#");
        var second = CliProcess.Start(node.Uri, bobName, args);
        await second.WaitForAsync(args.Contains("--json") ? "\"type\":\"login\"" : "Logged in as");
        return second;
    }
}
