using System.Net;
using System.Net.WebSockets;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Xunit.Abstractions;

namespace Chat.Tests.Integration.Realtime;

/// <summary>A node with the default per-user send limit (burst 10, then 5 per second).</summary>
public sealed class ThrottledChatApp : SqliteChatApp
{
    public ThrottledChatApp()
    {
        Set("Hub:MessageBurst", "10");
        Set("Hub:MessagesPerSecond", "5");
    }
}

[Trait("Database", "Sqlite")]
public sealed class AbuseTests(ThrottledChatApp app, ITestOutputHelper output) : IClassFixture<ThrottledChatApp>
{
    [Fact]
    public async Task AFlooderIsThrottledWhileOthersChatOn()
    {
        await using var flooder = await app.ConnectedUserAsync("flooder");
        await using var victim = await app.ConnectedUserAsync("victim");
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var bob = await app.ConnectedUserAsync("bob");
        await flooder.AddFriendAsync(victim.Id);
        await alice.AddFriendAsync(bob.Id);

        var accepted = 0;
        var refused = new List<HubException>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 40; i++)
        {
            try
            {
                await flooder.SendDirectAsync(victim.Id, $"spam {i}");
                accepted++;
            }
            catch (HubException e)
            {
                refused.Add(e);
            }
        }

        var allowed = 10 + (int)Math.Ceiling(clock.Elapsed.TotalSeconds * 5);
        var calm = await alice.SendDirectAsync(bob.Id, "still here");
        output.WriteLine($"S10 flooder: sent=40 accepted={accepted} refused={refused.Count} allowedAtMost={allowed} othersDelivered=1 flooderConnected={flooder.Hub.State}");

        Assert.InRange(accepted, 10, allowed);
        Assert.NotEmpty(refused);
        Assert.All(refused, e => Assert.Contains("too fast", e.Message));
        Assert.Equal(accepted, (await victim.DirectHistoryAsync(flooder.Id, null, 200)).Count);
        Assert.Equal(calm.Id, (await bob.Messages.WaitAsync(m => m.Id == calm.Id)).Id);
        Assert.Equal(Microsoft.AspNetCore.SignalR.Client.HubConnectionState.Connected, flooder.Hub.State);
    }

    /// <summary>S10's size limits: a text over 4000 characters is refused and stores nothing; a frame over
    /// the hub's 32 KB closes the sender's connection and no one else's; the node chats on.</summary>
    [Fact]
    public async Task OversizedTextAndFramesCostOnlyTheSender()
    {
        await using var sender = await app.ConnectedUserAsync("oversize");
        await using var friend = await app.ConnectedUserAsync("oversize-friend");
        await using var bystander = await app.ConnectedUserAsync("bystander");
        await sender.AddFriendAsync(friend.Id);
        await friend.AddFriendAsync(bystander.Id);

        var longText = await Assert.ThrowsAsync<HubException>(() => sender.SendDirectAsync(friend.Id, new string('x', 4001)));
        var rowsAfterLongText = (await friend.DirectHistoryAsync(sender.Id, null, 50)).Count;
        await Assert.ThrowsAnyAsync<Exception>(() => sender.SendDirectAsync(friend.Id, new string('x', 40_000)));
        await sender.Closed.WaitAsync(_ => true);
        var after = await friend.SendDirectAsync(bystander.Id, "still up");
        await bystander.Messages.WaitAsync(m => m.Id == after.Id);
        var othersClosed = friend.Closed.Items.Count + bystander.Closed.Items.Count;

        output.WriteLine($"S10 size: text4001=\"{longText.Message}\" rows={rowsAfterLongText} oversizeClosed=sender othersClosed={othersClosed} nodeUp=true");
        Assert.Contains("4000", longText.Message);
        Assert.Equal(0, rowsAfterLongText);
        Assert.Equal(0, othersClosed);
        Assert.Empty(await friend.DirectHistoryAsync(sender.Id, null, 50));
    }

    [Theory]
    [InlineData("https://evil.example", false)]
    [InlineData("http://127.0.0.1.evil.example", false)]
    [InlineData(null, true)]
    [InlineData("same", true)]
    public async Task OnlyTheSiteItselfAndNonBrowserClientsMayOpenTheHub(string? origin, bool accepted)
    {
        await using var user = await app.UserAsync("origin");
        using var socket = new ClientWebSocket();
        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin == "same" ? app.BaseAddress.GetLeftPart(UriPartial.Authority) : origin);
        }

        var hub = new UriBuilder(app.BaseAddress) { Scheme = "ws", Path = "/hubs/chat", Query = $"access_token={Uri.EscapeDataString(user.Tokens.AccessToken)}" }.Uri;
        socket.Options.CollectHttpResponseDetails = true;
        var opened = await Record(() => socket.ConnectAsync(hub, CancellationToken.None));

        Assert.Equal(accepted, opened);
        Assert.Equal(accepted ? HttpStatusCode.SwitchingProtocols : HttpStatusCode.Forbidden, socket.HttpStatusCode);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api/groups")]
    [InlineData("/swagger/index.html")]
    [InlineData("/swagger/v1/swagger.json")]
    public async Task ResponsesCarryTheSecurityHeaders(string path)
    {
        using var http = app.CreateHttpClient();

        using var response = await http.GetAsync(path);

        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Contains("script-src 'self'", policy);
        Assert.DoesNotContain("unsafe-inline", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
    }

    private static async Task<bool> Record(Func<Task> connect)
    {
        try
        {
            await connect();
            return true;
        }
        catch (WebSocketException)
        {
            return false;
        }
    }
}
