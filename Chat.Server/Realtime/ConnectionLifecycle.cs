using Chat.Server.Accounts;
using Chat.Server.Data;
using Chat.Server.Presence;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Server.Realtime;

/// <summary>Connecting is the original protocol's login: the connection is added to the SignalR group of
/// each chat group the user is in, and the user comes online. Disconnecting takes the connection out of
/// presence (SignalR drops it from its groups by itself).</summary>
internal sealed class ConnectionLifecycle(
    ChatDbContext db, IPresenceTracker presence, PresenceNotifier notifier, ConnectionRegistry registry,
    IHubContext<ChatHub, IChatClient> hub, ILogger<ConnectionLifecycle> logger)
{
    public async Task ConnectedAsync(HubCallerContext context)
    {
        try
        {
            await SetUpAsync(context);
        }
        catch (Exception e)
        {
            // SignalR does not call OnDisconnectedAsync after a failed OnConnectedAsync (a tab closed
            // while connecting, say): undo here, or the user would stay online for good.
            try
            {
                await DisconnectedAsync(context);
            }
            catch (Exception cleanup)
            {
                logger.LogWarning(cleanup, "Could not undo the set-up of connection {ConnectionId}", context.ConnectionId);
            }

            if (e is OperationCanceledException)
            {
                throw;
            }

            // Detailed errors are on for argument binding; a failure here must not show its internals.
            logger.LogWarning(e, "Could not set up connection {ConnectionId}", context.ConnectionId);
            throw new HubException("The server could not set up this connection; reconnect in a moment.");
        }
    }

    private async Task SetUpAsync(HubCallerContext context)
    {
        var caller = Caller.From(context.User!);
        var ct = context.ConnectionAborted;
        registry.Add(caller.Id, context);

        // Known to presence before the groups are read: a JoinGroup from another tab in between
        // then finds this connection too, and adding it twice is harmless.
        var cameOnline = await presence.ConnectedAsync(caller.Id, context.ConnectionId);
        foreach (var groupId in await db.GroupMembers.Where(m => m.UserId == caller.Id).Select(m => m.GroupId).ToListAsync(ct))
        {
            await hub.Groups.AddToGroupAsync(context.ConnectionId, HubGroups.Chat(groupId), ct);
        }

        if (cameOnline)
        {
            await notifier.ChangedAsync(caller.Id, online: true);
        }
    }

    public async Task DisconnectedAsync(HubCallerContext context)
    {
        var caller = Caller.From(context.User!);
        try
        {
            if (await presence.DisconnectedAsync(caller.Id, context.ConnectionId))
            {
                await notifier.ChangedAsync(caller.Id, online: false);
            }
        }
        finally
        {
            // Last: a stopping node waits for its registry to empty, and so for every offline event.
            registry.Remove(context.ConnectionId);
        }
    }
}
