using System.Text.Json;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Tests.Integration.Cli;

/// <summary>The console client driven over standard input, as a script would, against a real node.</summary>
public sealed class ScriptedSessionTests(CliNode node) : IClassFixture<CliNode>
{
    private static string Name(string prefix) => ChatAppFactory.UniqueName(prefix);

    private static int MyId(string loginLine) => JsonDocument.Parse(loginLine).RootElement.GetProperty("me").GetProperty("id").GetInt32();

    [Fact]
    public async Task TwoClientsChatDirectlyAndInAGroup()
    {
        var (aliceName, bobName, devs) = (Name("alice"), Name("bob"), Name("devs"));
        await using var bob = CliProcess.Start(node.Uri, bobName, "--register");
        await bob.WaitForAsync("No messages while you were away.");
        await using var alice = CliProcess.Start(node.Uri, aliceName, "--register");
        await alice.WaitForAsync("No messages while you were away.");

        await alice.SendAsync($"addfriend {bobName}");
        await alice.WaitForAsync($"{bobName} (#");
        await bob.WaitForAsync($"* {aliceName} (#");
        await alice.SendAsync($"chat {bobName} hello bob");
        var heard = await bob.WaitForAsync("hello bob");
        await bob.SendAsync($"chat:{aliceName}:hi: alice, colon form");
        var answered = await alice.WaitForAsync("hi: alice");
        await alice.SendAsync($"creategroup {devs} the people who build it");
        await alice.WaitForAsync($"Created #{devs}");
        await bob.SendAsync($"addgroup {devs}");
        await bob.WaitForAsync($"Joined #{devs}");
        await alice.WaitForAsync($"* {bobName} joined #{devs}");
        await bob.SendAsync($"groupchat {devs} hello team");
        var inGroup = await alice.WaitForAsync("hello team");
        await bob.SendAsync("frobnicate now");
        var refusal = await bob.WaitForAsync("frobnicate");
        await bob.SendAsync("chat nobody-here hi");
        var notAFriend = await bob.WaitForAsync("nobody-here");
        await bob.SendAsync("chat:999999:hi");
        var serverRefusal = (await bob.Lines.WaitForCountAsync(3, l => l.StartsWith("! "), CliProcess.Timeout))[2];
        await alice.SendAsync($"history {bobName} 2");
        await alice.SendAsync($"history #{devs}");
        await alice.SendAsync("loginout");
        await alice.WaitForAsync("Logged out.");
        var aliceExit = await alice.EndAsync();
        var bobExit = await bob.EndAsync();

        Assert.EndsWith($"] {aliceName}: hello bob", heard);
        Assert.EndsWith($"] {bobName}: hi: alice, colon form", answered);
        Assert.EndsWith($"] #{devs} {bobName}: hello team", inGroup);
        Assert.Equal("! Unknown command \"frobnicate\"; help lists the commands.", refusal);
        Assert.Equal("! \"nobody-here\" is not one of your friends (who lists them).", notAFriend);
        Assert.Equal(1, bob.Count("hello bob"));
        Assert.StartsWith("! ", serverRefusal);
        Assert.DoesNotContain("HubException", serverRefusal);
        Assert.Equal(3, bob.Count("! "));
        Assert.Equal(2, alice.Count("hello team"));
        Assert.Equal(2, alice.Count("you -> " + bobName + ": hello bob"));
        Assert.Equal(2, alice.Count("hi: alice, colon form"));
        Assert.Equal(0, aliceExit);
        Assert.Equal(1, bobExit);
    }

    [Fact]
    public async Task AMessageSentWhileAwayIsShownAtLogin()
    {
        var (aliceName, bobName) = (Name("alice"), Name("bob"));
        await using (var registering = CliProcess.Start(node.Uri, bobName, "--register"))
        {
            Assert.Equal(0, await registering.EndAsync());
        }

        await using (var alice = CliProcess.Start(node.Uri, aliceName, "--register"))
        {
            await alice.SendAsync($"addfriend {bobName}");
            await alice.SendAsync($"chat {bobName} while you were out");
            Assert.Equal(0, await alice.EndAsync());
        }

        await using var bob = CliProcess.Start(node.Uri, bobName);
        var shown = await bob.WaitForAsync("while you were out");
        Assert.Equal(0, await bob.EndAsync());

        var lines = bob.Lines.Items.ToList();
        Assert.Contains(lines, l => l.StartsWith($"  {aliceName} (#") && l.EndsWith(" offline"));
        Assert.True(lines.IndexOf("While you were away:") < lines.IndexOf(shown), bob.Output);
        Assert.EndsWith($"] {aliceName}: while you were out", shown);
    }

    [Fact]
    public async Task AMessageThatTheServerPushesAgainIsShownOnce()
    {
        var bobName = Name("bob");
        await using var bob = CliProcess.Start(node.Uri, bobName, "--register", "--json");
        var bobId = MyId(await bob.WaitForAsync("\"type\":\"login\""));
        var (alice, aliceHub) = await node.HubUserAsync("alice");
        await using var _ = aliceHub;
        await bob.SendAsync($"addfriend {alice.User.Id}");
        await bob.WaitForAsync("\"command\":\"addfriend\"");

        await aliceHub.InvokeAsync<WireMessage>("SendDirect", bobId, "only once", "resend-1");
        await aliceHub.InvokeAsync<WireMessage>("SendDirect", bobId, "only once", "resend-1");
        await aliceHub.InvokeAsync<WireMessage>("SendDirect", bobId, "marker", "resend-2");
        await bob.WaitForAsync("\"text\":\"marker\"");
        Assert.Equal(0, await bob.EndAsync());

        Assert.Equal(1, bob.Count("\"text\":\"only once\""));
    }

    [Fact]
    public async Task TypingAndPresenceArePrintedAsJsonLines()
    {
        var bobName = Name("bob");
        await using var bob = CliProcess.Start(node.Uri, bobName, "--register", "--json");
        var bobId = MyId(await bob.WaitForAsync("\"type\":\"login\""));
        var (alice, aliceHub) = await node.HubUserAsync("alice");
        await bob.SendAsync($"addfriend {alice.User.Name}");
        await bob.WaitForAsync("\"command\":\"addfriend\"");

        await aliceHub.InvokeAsync("Typing", (int?)bobId, (int?)null);
        var typing = await bob.WaitForAsync("\"type\":\"typing\"");
        await aliceHub.DisposeAsync();
        var offline = await bob.WaitForAsync("\"type\":\"presence\"");
        Assert.Equal(0, await bob.EndAsync());

        Assert.Contains($"\"name\":\"{alice.User.Name}\"", typing);
        Assert.Contains("\"groupId\":null", typing);
        Assert.Contains($"\"userId\":{alice.User.Id}", offline);
        Assert.Contains("\"online\":false", offline);
    }

    [Fact]
    public async Task AnEndedFriendshipAndAGroupHandedOverArePrinted()
    {
        var (bobName, club) = (Name("bob"), Name("club"));
        await using var bob = CliProcess.Start(node.Uri, bobName, "--register");
        await bob.WaitForAsync("No messages while you were away.");
        var (alice, aliceHub) = await node.HubUserAsync("alice");
        await using var _ = aliceHub;
        await bob.SendAsync($"addfriend {alice.User.Name}");
        await bob.WaitForAsync($"{alice.User.Name} (#");
        var group = await aliceHub.InvokeAsync<JsonElement>("CreateGroup", club, "");
        await bob.SendAsync($"addgroup {club}");
        await bob.WaitForAsync($"Joined #{club}");

        await aliceHub.InvokeAsync("RemoveFriend", MyIdOf(bob, bobName));
        var unfriended = await bob.WaitForAsync("is no longer your friend");
        await aliceHub.InvokeAsync("LeaveGroup", group.GetProperty("id").GetInt32());
        var handedOver = await bob.WaitForAsync("was changed");
        await bob.SendAsync($"chat {alice.User.Name} still there?");
        var refused = await bob.WaitForAsync("! ");
        Assert.Equal(1, await bob.EndAsync()); // a script with a refused line fails

        Assert.Equal($"* {alice.User.Name} is no longer your friend", unfriended);
        Assert.Equal($"* #{club} ({group.GetProperty("id").GetInt32()}) was changed; its creator is {bobName}", handedOver);
        Assert.Contains("not one of your friends", refused);
    }

    private static int MyIdOf(CliProcess cli, string name) =>
        int.Parse(cli.Lines.Items.First(l => l.Contains($"Logged in as {name} (#", StringComparison.Ordinal)).Split("(#")[1].TrimEnd(')', '.'),
            System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task LoggingOutElsewhereEndsTheSessionAndTheScriptFails()
    {
        var aliceName = Name("alice");
        await using var first = CliProcess.Start(node.Uri, aliceName, "--register", "--wait", "60");
        await first.WaitForAsync("No messages while you were away.");
        await using var second = CliProcess.Start(node.Uri, aliceName);

        await second.SendAsync("loginout");
        Assert.Equal(0, await second.EndAsync());
        await first.WaitForAsync("* connection lost");
        var ended = await first.WaitForAsync("the session has ended");
        var exit = await first.EndAsync();

        Assert.Equal("* the session has ended; log in again", ended);
        Assert.Equal(1, exit);
    }
}
