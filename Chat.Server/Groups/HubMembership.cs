using Chat.Server.Presence;
using Chat.Server.Realtime;
using Microsoft.AspNetCore.SignalR;

namespace Chat.Server.Groups;

/// <summary>Keeps every open connection of a user, on any node, in step with the chat groups they belong to.</summary>
internal sealed class HubMembership(IPresenceTracker presence, IHubContext<ChatHub, IChatClient> hub)
{
    public async Task AddAsync(int userId, int groupId)
    {
        foreach (var connectionId in await presence.ConnectionsOfAsync(userId))
        {
            await hub.Groups.AddToGroupAsync(connectionId, HubGroups.Chat(groupId));
        }
    }

    public async Task RemoveAsync(int userId, int groupId)
    {
        foreach (var connectionId in await presence.ConnectionsOfAsync(userId))
        {
            await hub.Groups.RemoveFromGroupAsync(connectionId, HubGroups.Chat(groupId));
        }
    }
}
