using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.SignalR.Client;
using System.Text;
using System.Text.Json;
using Chat.Tests.Infrastructure;

namespace Chat.Tests.Integration.Realtime;

/// <summary>The hub speaks WebSockets only. Long polling and Server-Sent Events carry a connection over
/// several requests that SignalR ties together by connection token alone, so another signed-in user who
/// learnt the token could read and send on that connection.</summary>
[Trait("Database", "Sqlite")]
public sealed class TransportTests(SqliteChatApp app) : IClassFixture<SqliteChatApp>
{
    [Fact]
    public async Task NegotiationOffersOnlyWebSocketsAndAnotherUserCannotUseTheConnectionToken()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var bob = await app.ConnectedUserAsync("bob");
        await using var mallory = await app.UserAsync("mallory");
        await alice.AddFriendAsync(bob.Id);

        var negotiated = await alice.Http.PostAsync("/hubs/chat/negotiate?negotiateVersion=1", null);
        using var body = JsonDocument.Parse(await negotiated.Content.ReadAsStringAsync());
        var transports = body.RootElement.GetProperty("availableTransports").EnumerateArray()
            .Select(t => t.GetProperty("transport").GetString()).ToList();
        var token = body.RootElement.GetProperty("connectionToken").GetString();
        var poll = await mallory.Http.GetAsync($"/hubs/chat?id={token}");
        var send = await mallory.Http.PostAsync($"/hubs/chat?id={token}",
            new StringContent("{\"protocol\":\"json\",\"version\":1}\u001e" +
                $"{{\"type\":1,\"target\":\"SendDirect\",\"arguments\":[{bob.Id},\"as alice\",\"stolen-1\"]}}\u001e", Encoding.UTF8));
        // Alice now opens her negotiated connection: nothing mallory posted for it may run as her.
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new UriBuilder(app.BaseAddress)
        {
            Scheme = "ws",
            Path = "/hubs/chat",
            Query = $"id={token}&access_token={Uri.EscapeDataString(alice.Tokens.AccessToken)}",
        }.Uri, CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e"), WebSocketMessageType.Text, true, CancellationToken.None);
        var handshake = new byte[1024];
        await socket.ReceiveAsync(handshake, CancellationToken.None);
        await alice.SyncAsync();
        var history = await alice.Hub.InvokeAsync<List<WireMessage>>("GetDirectHistory", bob.Id, (long?)null, 50);

        Assert.Equal(HttpStatusCode.OK, negotiated.StatusCode);
        Assert.Equal(["WebSockets"], transports);
        Assert.NotEqual(HttpStatusCode.OK, poll.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, send.StatusCode);
        Assert.DoesNotContain(history, m => m.ClientMessageId == "stolen-1");
    }
}
