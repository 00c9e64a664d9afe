using Chat.Server.Accounts;
using Chat.Server.Data;
using Chat.Server.Presence;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Chat.Server.Realtime;

/// <summary>Connecting is the original protocol's login: the connection joins its user's and groups'
/// SignalR groups and the user comes online. Disconnecting undoes it.</summary>
internal sealed class ConnectionLifecycle(
    ChatDbContext db, IPresenceTracker presence, PresenceNotifier notifier, ConnectionRegistry registry,
    IHubContext<ChatHub, IChatClient> hub, IOptions<IdentityOptions> identity)
{
    public async Task ConnectedAsync(HubCallerContext context)
    {
        var caller = Caller.From(context.User!);
        var ct = context.ConnectionAborted;

        // A token issued before a logout carries the old security stamp: refuse it here, since access
        // tokens themselves stay valid until they expire.
        var stamp = context.User!.FindFirst(identity.Value.ClaimsIdentity.SecurityStampClaimType)?.Value;
        var current = await db.Users.Where(u => u.Id == caller.Id).Select(u => u.SecurityStamp).FirstOrDefaultAsync(ct);
        if (current is null || current != stamp)
        {
            context.Abort();
            return;
        }

        registry.Add(caller.Id, context);
        var groups = hub.Groups;
        await groups.AddToGroupAsync(context.ConnectionId, HubGroups.User(caller.Id), ct);
        foreach (var groupId in await db.GroupMembers.Where(m => m.UserId == caller.Id).Select(m => m.GroupId).ToListAsync(ct))
        {
            await groups.AddToGroupAsync(context.ConnectionId, HubGroups.Chat(groupId), ct);
        }

        if (await presence.ConnectedAsync(caller.Id, context.ConnectionId))
        {
            await notifier.ChangedAsync(caller.Id, online: true);
        }
    }

    public async Task DisconnectedAsync(HubCallerContext context)
    {
        var caller = Caller.From(context.User!);
        registry.Remove(context.ConnectionId);
        if (await presence.DisconnectedAsync(caller.Id, context.ConnectionId))
        {
            await notifier.ChangedAsync(caller.Id, online: false);
        }
    }
}
