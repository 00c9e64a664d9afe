using System.Security.Claims;
using Chat.Server.Realtime;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Chat.Tests.Unit.Realtime;

public sealed class CatchUpGateTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private sealed class Caller : HubCallerContext
    {
        public override string ConnectionId => "c";

        public override string? UserIdentifier => "1";

        public override ClaimsPrincipal? User => null;

        public override IDictionary<object, object?> Items { get; } = new Dictionary<object, object?>();

        public override IFeatureCollection Features { get; } = new FeatureCollection();

        public override CancellationToken ConnectionAborted => CancellationToken.None;

        public override void Abort()
        {
        }
    }

    private static HubInvocationContext Call(string method) =>
        new(new Caller(), null!, null!, typeof(ChatHub).GetMethod(method)!, []);

    [Fact]
    public async Task SetUpsAndSyncsBeyondTheLimitWaitTheirTurnWhileSendsPassAtOnce()
    {
        var gate = new CatchUpGate(Options.Create(new HubLimitOptions { ConcurrentCatchUps = 1 }));
        var holdSetUp = new TaskCompletionSource();
        var syncRan = new TaskCompletionSource();

        var setUp = gate.OnConnectedAsync(new HubLifetimeContext(new Caller(), null!, null!), _ => holdSetUp.Task);
        var sync = gate.InvokeMethodAsync(Call(nameof(ChatHub.Sync)), _ =>
        {
            syncRan.SetResult();
            return ValueTask.FromResult<object?>(null);
        }).AsTask();
        var send = await gate.InvokeMethodAsync(Call(nameof(ChatHub.SendDirect)), _ => ValueTask.FromResult<object?>("sent")).AsTask().WaitAsync(Patience);

        Assert.Equal("sent", send);
        Assert.False(syncRan.Task.IsCompleted, "the Sync ran while the one slot was taken");
        holdSetUp.SetResult();
        await Task.WhenAll(setUp, sync, syncRan.Task).WaitAsync(Patience);
    }
}
