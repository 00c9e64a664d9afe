using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;

namespace Chat.Tests.Integration.Observability;

[Trait("Database", "Sqlite")]
[Collection(nameof(TelemetryCollection))]
public sealed class TraceTests(TracedChatApp app) : IClassFixture<TracedChatApp>
{
    [Fact]
    public async Task SendDirectTracesTheHubCallWithItsStoreAndPushBelowIt()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var bob = await app.ConnectedUserAsync("bob");
        await alice.AddFriendAsync(bob.Id);
        const string text = "traced but never written into a span";

        var sent = await alice.SendDirectAsync(bob.Id, text);

        var call = await app.Activities.WaitAsync(a => a.DisplayName == "ChatHub/SendDirect" && Tag(a, "enduser.id") == alice.Id.ToString());
        var inTrace = (Func<Activity, bool>)(a => a.TraceId == call.TraceId);
        var store = await app.Activities.WaitAsync(a => inTrace(a) && a.DisplayName == "StoreMessage");
        var push = await app.Activities.WaitAsync(a => inTrace(a) && a.DisplayName == "PushMessage");
        var batch = await app.Activities.WaitAsync(a => inTrace(a) && a.DisplayName == "WriteMessageBatch");
        var signalR = await app.Activities.WaitAsync(a => inTrace(a) && a.Source.Name == "Microsoft.AspNetCore.SignalR.Server" && a.SpanId == call.ParentSpanId);
        Assert.Equal("SendDirect", Tag(call, "rpc.method"));
        Assert.Equal(call.SpanId, store.ParentSpanId);
        Assert.Equal(call.SpanId, push.ParentSpanId);
        Assert.Equal(store.SpanId, batch.ParentSpanId);
        Assert.Equal(sent.Id.ToString(), Tag(store, "chat.message.id"));
        Assert.Equal(sent.Id.ToString(), Tag(push, "chat.message.id"));
        Assert.Equal(ActivityStatusCode.Unset, call.Status);
        Assert.NotNull(signalR);
        Assert.All(app.Activities.Items.Where(inTrace), a => Assert.DoesNotContain(a.TagObjects, t => t.Value?.ToString()?.Contains(text) == true));
    }

    [Fact]
    public async Task ARefusedCallIsMarkedRefusedNotFailed()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var stranger = await app.UserAsync("stranger");

        await Assert.ThrowsAsync<HubException>(() => alice.SendDirectAsync(stranger.Id, "refused"));

        var call = await app.Activities.WaitAsync(a => a.DisplayName == "ChatHub/SendDirect" && Tag(a, "enduser.id") == alice.Id.ToString());
        Assert.Equal(true, call.GetTagItem("chat.refused"));
        Assert.Equal(ActivityStatusCode.Unset, call.Status);
    }

    [Fact]
    public async Task TheHubSocketRequestSpanCarriesNoAccessToken()
    {
        var alice = await app.ConnectedUserAsync("alice");
        var call = await app.Activities.WaitAsync(a => a.DisplayName == "ChatHub/Sync" && Tag(a, "enduser.id") == alice.Id.ToString());
        var signalR = await app.Activities.WaitAsync(a => a.TraceId == call.TraceId && a.SpanId == call.ParentSpanId);

        await alice.DisposeAsync();

        // SignalR starts each call's trace afresh and links it to the socket's request, which ends with the connection.
        var request = Assert.Single(signalR.Links).Context;
        var socket = await app.Activities.WaitAsync(a => a.TraceId == request.TraceId && a.SpanId == request.SpanId);
        Assert.Equal("/hubs/chat", Tag(socket, "url.path"));
        Assert.DoesNotContain(socket.TagObjects, t => t.Value?.ToString()?.Contains(alice.Tokens.AccessToken) == true);
    }

    private static string? Tag(Activity activity, string key) => activity.GetTagItem(key)?.ToString();
}
