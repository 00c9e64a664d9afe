using Chat.Server.Data;
using Chat.Server.Realtime;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Server.Messaging;

/// <summary>The last recovery step: while this node's subscriptions were down, messages published for its
/// connections reached nobody. Asking the clients to catch up (SyncRequired) is not enough on its own:
/// live pushes resume the moment Redis resubscribes, before any client has read SyncRequired, and a
/// client then calls Sync with a cursor past everything it missed. So the node pushes the messages of the
/// gap to its connections itself, from the database and straight to each connection, and then sends
/// SyncRequired. Clients drop what they already hold by id.</summary>
internal sealed class GapReplay(
    IServiceScopeFactory scopes, ConnectionRegistry registry, IHubContext<ChatHub, IChatClient> hub, ILogger<GapReplay> logger)
    : IBackplaneRecovery
{
    private const int PageSize = 1000;

    public async Task RecoverAsync(DateTime brokenSince, CancellationToken ct)
    {
        var connections = registry.Snapshot();
        if (connections.Count == 0)
        {
            return;
        }

        var byUser = connections.GroupBy(c => c.UserId).ToDictionary(u => u.Key, u => u.Select(c => c.ConnectionId).ToList());
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
        // A push published just before the failure was seen may not have arrived either; messages can also
        // commit a little out of id order (see SyncService.Overlap).
        var from = brokenSince - SyncService.Overlap;
        var first = await db.Messages.Where(m => m.SentAt >= from).MinAsync(m => (long?)m.Id, ct);
        // Whatever commits after this is pushed live: the subscriptions are back.
        var last = await db.Messages.MaxAsync(m => (long?)m.Id, ct);
        var lastChange = await db.Messages.MaxAsync(m => m.ChangeId, ct);
        var replayed = 0;
        for (var after = (first ?? 1) - 1; first is not null && after < last;)
        {
            var page = await MessageQueries.ListAsync(db, db.Messages.Where(m => m.Id > after && m.Id <= last).OrderBy(m => m.Id).Take(PageSize), ct);
            if (page.Count == 0)
            {
                break;
            }

            replayed += await PushAsync(db, page, byUser, (connectionId, message) => hub.Clients.Client(connectionId).MessageReceived(message), ct);
            after = page[^1].Id;
        }

        // Changes of older messages in the gap too (at most a page: beyond it, SyncRequired's catch-up brings them).
        var before = await MessageQueries.LastIdBeforeAsync(db, from, ct);
        var changed = await MessageQueries.ListAsync(db, db.Messages.Where(m => m.ChangeId > before && m.ChangeId <= lastChange && m.ChangedAt >= from)
            .OrderBy(m => m.ChangeId).Take(PageSize), ct);
        replayed += await PushAsync(db, changed, byUser, (connectionId, message) => hub.Clients.Client(connectionId).MessageUpdated(message), ct);

        foreach (var (connectionId, _) in connections)
        {
            await hub.Clients.Client(connectionId).SyncRequired();
        }

        logger.LogInformation("Replayed {Pushes} pushes of the gap since {Since:O} to {Connections} connections and asked them to sync",
            replayed, brokenSince, connections.Count);
    }

    /// <summary>Each message straight to the connections here of whoever may see it; returns the pushes made.</summary>
    private static async Task<int> PushAsync(
        ChatDbContext db, List<MessageDto> messages, Dictionary<int, List<string>> byUser, Func<string, MessageDto, Task> push, CancellationToken ct)
    {
        var groupIds = messages.Where(m => m.GroupId is not null).Select(m => m.GroupId!.Value).Distinct().ToList();
        var members = (await db.GroupMembers.Where(gm => groupIds.Contains(gm.GroupId)).Select(gm => new { gm.GroupId, gm.UserId }).ToListAsync(ct))
            .ToLookup(gm => gm.GroupId, gm => gm.UserId);
        var pushes = 0;
        foreach (var message in messages)
        {
            var readers = message.GroupId is { } groupId ? members[groupId] : [message.RecipientId!.Value, message.SenderId];
            foreach (var connectionId in readers.Distinct().Where(byUser.ContainsKey).SelectMany(u => byUser[u]))
            {
                await push(connectionId, message);
                pushes++;
            }
        }

        return pushes;
    }
}
