using Chat.Tests.Infrastructure;
using Chat.Tests.Infrastructure.Cluster;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Tests.Integration.Cli;

/// <summary>The console client in a real terminal (tmux), typed at as a person would.</summary>
public sealed class InteractiveSessionTests(CliNode node) : IClassFixture<CliNode>
{
    private static readonly TimeSpan ReconnectTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AHalfTypedLineSurvivesIncomingMessagesAndTheClientReconnectsAfterTheNodeRestarts()
    {
        var alice = ChatAppFactory.UniqueName("alice");
        var (bob, bobHub) = await node.HubUserAsync("bob");
        await using var terminal = await TmuxTerminal.StartAsync("--url", node.Uri.ToString());
        await terminal.WaitForAsync("1) log in  2) register  3) quit:");
        await terminal.TypeAsync("2", enter: true);
        await terminal.WaitForAsync("name:");
        await terminal.TypeAsync(alice, enter: true);
        await terminal.WaitForAsync("password:");
        await terminal.TypeAsync(ChatAppFactory.Password, enter: true);
        var prompt = $"{alice}> ";
        var loggedIn = await terminal.WaitForAsync(s => TmuxTerminal.LastLine(s) == prompt.TrimEnd(), "the prompt");
        await terminal.TypeAsync($"addfriend {bob.User.Name}", enter: true);
        await terminal.WaitForAsync($"{bob.User.Name} (#{bob.User.Id}) is now your friend");
        var aliceId = (await bobHub.InvokeAsync<WireSyncResult>("Sync", (long?)long.MaxValue)).Friends.Single().Id;

        var halfTyped = $"chat {bob.User.Name} half-typed";
        await terminal.TypeAsync(halfTyped);
        await terminal.WaitForAsync(s => TmuxTerminal.LastLine(s) == prompt + halfTyped, "the half-typed line");
        await bobHub.InvokeAsync<WireMessage>("SendDirect", aliceId, "are you there?", "before-1");
        await bobHub.InvokeAsync<WireMessage>("SendDirect", aliceId, "still there?", "before-2");
        var during = await terminal.WaitForAsync($"] {bob.User.Name}: still there?");
        await bobHub.DisposeAsync();
        await node.Node.StopAsync();
        await terminal.WaitForAsync("* connection lost");
        await node.Node.StartAsync();
        var reconnected = await terminal.WaitForAsync("* reconnected", ReconnectTimeout);
        await using var bobAgain = ClusterFixture.CreateHubConnection(node.Uri, bob.AccessToken);
        var received = new EventLog<WireMessage>();
        bobAgain.On<WireMessage>("MessageReceived", received.Add);
        await bobAgain.StartAsync();
        await terminal.TypeAsync(" after the restart", enter: true);
        var sent = await received.WaitAsync(m => m.SenderId == aliceId);
        await bobAgain.InvokeAsync<WireMessage>("SendDirect", aliceId, "welcome back", "after-1");
        var after = await terminal.WaitForAsync($"] {bob.User.Name}: welcome back");

        Assert.DoesNotContain(ChatAppFactory.Password, loggedIn);
        Assert.Contains(during.Split('\n'), l => l.StartsWith('[') && l.EndsWith($"] {bob.User.Name}: are you there?"));
        Assert.Equal(prompt + halfTyped, TmuxTerminal.LastLine(during));
        Assert.Equal(prompt + halfTyped, TmuxTerminal.LastLine(reconnected));
        Assert.Equal("half-typed after the restart", sent.Text);
        Assert.Single(Occurrences(after, "are you there?"));
        Assert.Single(Occurrences(after, "still there?"));
    }

    private static IEnumerable<string> Occurrences(string screen, string text) =>
        screen.Split('\n').Where(l => l.Contains(text, StringComparison.Ordinal));
}
