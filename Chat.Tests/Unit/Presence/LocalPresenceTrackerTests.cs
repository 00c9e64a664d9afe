using Chat.Server.Presence;

namespace Chat.Tests.Unit.Presence;

public sealed class LocalPresenceTrackerTests
{
    private readonly LocalPresenceTracker _presence = new();

    [Fact]
    public async Task OnlyTheFirstConnectionBringsAUserOnline()
    {
        Assert.True(await _presence.ConnectedAsync(1, "a"));
        Assert.False(await _presence.ConnectedAsync(1, "b"));
        Assert.True(await _presence.IsOnlineAsync(1));
        Assert.Equal(["a", "b"], (await _presence.ConnectionsOfAsync(1)).Order());
    }

    [Fact]
    public async Task OnlyTheLastDisconnectTakesAUserOffline()
    {
        await _presence.ConnectedAsync(1, "a");
        await _presence.ConnectedAsync(1, "b");

        Assert.False(await _presence.DisconnectedAsync(1, "a"));
        Assert.True(await _presence.DisconnectedAsync(1, "b"));
        Assert.False(await _presence.IsOnlineAsync(1));
    }

    [Fact]
    public async Task AnUnknownDisconnectChangesNothing()
    {
        await _presence.ConnectedAsync(1, "a");

        Assert.False(await _presence.DisconnectedAsync(1, "zzz"));
        Assert.False(await _presence.DisconnectedAsync(2, "a"));
        Assert.True(await _presence.IsOnlineAsync(1));
    }

    [Fact]
    public async Task OnlineAmongReturnsTheConnectedSubset()
    {
        await _presence.ConnectedAsync(1, "a");
        await _presence.ConnectedAsync(3, "c");

        Assert.Equal([1, 3], (await _presence.OnlineAmongAsync([1, 2, 3, 4])).Order());
    }
}
