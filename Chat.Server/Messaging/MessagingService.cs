using Chat.Server.Accounts;
using Chat.Server.Data;
using System.Diagnostics;
using Chat.Server.Friends;
using Chat.Server.Observability;
using Chat.Server.Presence;
using Chat.Server.Realtime;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Server.Messaging;

/// <summary>Sending: check, store, acknowledge, then push. Pushing is best effort; a client that missed
/// a push catches up from the database with <c>Sync</c>.</summary>
internal sealed class MessagingService(
    ChatDbContext db, MessageWriter writer, FriendPairs friends, IPresenceTracker presence,
    IHubContext<ChatHub, IChatClient> hub, MissedPushes missed, TimeProvider clock, ChatMetrics metrics)
{
    public async Task<Outcome<MessageDto>> SendDirectAsync(
        Caller caller, int toUserId, string text, string clientMessageId, string? connectionId, CancellationToken ct) =>
        metrics.Counted(MessageKind.Direct, await DirectAsync(caller, toUserId, text, clientMessageId, connectionId, ct));

    public async Task<Outcome<MessageDto>> SendGroupAsync(
        Caller caller, int groupId, string text, string clientMessageId, CancellationToken ct) =>
        metrics.Counted(MessageKind.Group, await GroupAsync(caller, groupId, text, clientMessageId, ct));

    private async Task<Outcome<MessageDto>> DirectAsync(
        Caller caller, int toUserId, string text, string clientMessageId, string? connectionId, CancellationToken ct)
    {
        if (MessageText.Problem(text, clientMessageId, out var clean) is { } problem)
        {
            return Refused.Invalid(problem);
        }

        if (!await friends.AreFriendsAsync(db, caller.Id, toUserId, ct))
        {
            return await db.Users.AnyAsync(u => u.Id == toUserId, ct)
                ? Refused.Forbidden("You can only message your friends; add this user as a friend first.")
                : Refused.NotFound($"There is no user {toUserId}.");
        }

        text = clean;
        var sentAt = Now();
        // Unknown presence (Redis away) errs on the safe side: queue for the recipient, push to the sender's others.
        var counts = await presence.ConnectionCountsAsync([toUserId, caller.Id]);
        var offline = counts is null || counts[0] == 0;
        var senderElsewhere = counts is null || counts[1] > (connectionId is null ? 0 : 1);
        var id = await StoreAsync(new NewMessage(
            MessageKind.Direct, caller.Id, toUserId, null, text, sentAt, clientMessageId, offline ? [toUserId] : []));
        if (id == 0)
        {
            // Nothing written: the sender already used this client message id.
            return await ExistingAsync(caller.Id, clientMessageId, m => m.RecipientId == toUserId, ct) is { } existing
                ? await ResendAsync(existing, m => PushDirectAsync(m, connectionId, senderElsewhere: true))
                : throw new InvalidOperationException("A direct message was neither stored nor found stored.");
        }

        var message = new MessageDto(id, "direct", caller.Id, caller.Name, toUserId, null, text, sentAt, clientMessageId);
        await PushDirectAsync(message, connectionId, senderElsewhere);
        return message;
    }

    private async Task<Outcome<MessageDto>> GroupAsync(
        Caller caller, int groupId, string text, string clientMessageId, CancellationToken ct)
    {
        if (MessageText.Problem(text, clientMessageId, out var clean) is { } problem)
        {
            return Refused.Invalid(problem);
        }

        var members = await db.GroupMembers.Where(m => m.GroupId == groupId).Select(m => m.UserId).ToListAsync(ct);
        if (!members.Contains(caller.Id))
        {
            return await NotMemberAsync(groupId, ct);
        }

        text = clean;
        var sentAt = Now();
        var online = await presence.OnlineAmongAsync(members);
        var offline = members.Where(m => !online.Contains(m)).ToList();
        var id = await StoreAsync(new NewMessage(
            MessageKind.Group, caller.Id, null, groupId, text, sentAt, clientMessageId, offline));
        if (id == 0)
        {
            // Nothing written: a resend of a stored message, or the group went away meanwhile.
            return await ExistingAsync(caller.Id, clientMessageId, m => m.GroupId == groupId, ct) is { } existing
                ? await ResendAsync(existing, PushGroupAsync)
                : await NotMemberAsync(groupId, ct);
        }

        var message = new MessageDto(id, "group", caller.Id, caller.Name, null, groupId, text, sentAt, clientMessageId);
        await PushGroupAsync(message);
        return message;
    }

    private async Task<long> StoreAsync(NewMessage message)
    {
        using var activity = ChatActivities.Source.StartActivity("StoreMessage");
        var id = await writer.StoreAsync(message);
        activity?.SetTag("chat.message.id", id);
        return id;
    }

    // MySQL keeps microseconds: the acknowledgement carries the same time that Sync and history return.
    private DateTime Now()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return now.AddTicks(-(now.Ticks % 10));
    }

    internal async Task<Refused> NotMemberAsync(int groupId, CancellationToken ct) =>
        await db.Groups.AnyAsync(g => g.Id == groupId, ct)
            ? Refused.Forbidden("You are not a member of this group.")
            : Refused.NotFound($"There is no group {groupId}.");

    // The stored message with this client message id, null when there is none, or a refusal when the id
    // was used in another conversation. A resend returns the stored message and stores nothing new.
    private async Task<Outcome<MessageDto>?> ExistingAsync(
        int senderId, string clientMessageId, System.Linq.Expressions.Expression<Func<Message, bool>> sameTarget, CancellationToken ct)
    {
        var used = db.Messages.Where(m => m.SenderId == senderId && m.ClientMessageId == clientMessageId);
        if (await MessageQueries.Project(db, used.Where(sameTarget)).FirstOrDefaultAsync(ct) is { } existing)
        {
            return existing;
        }

        return await used.AnyAsync(ct)
            ? Refused.Conflict("This clientMessageId was already used for another conversation.")
            : (Outcome<MessageDto>?)null;
    }

    // A resend means the client never got the acknowledgement, so the push may have been lost with it
    // (a node dying between commit and push): push the stored message again. Clients drop it by id
    // if they had it, so nothing is shown twice.
    private static async Task<Outcome<MessageDto>> ResendAsync(Outcome<MessageDto> existing, Func<MessageDto, Task> push)
    {
        if (existing.Succeeded)
        {
            await push(existing.Value!);
        }

        return existing;
    }

    // The sender's other connections get the message too, but most senders have none: then the push is
    // one publish instead of two. (Addressed by connection id: a SignalR group per user would cost every
    // connected user a Redis subscription of its own on each node.)
    private Task PushDirectAsync(MessageDto message, string? connectionId, bool senderElsewhere)
    {
        var toRecipient = hub.Clients.User(message.RecipientId!.Value.ToString());
        return PushAsync(message, async () =>
        {
            if (!senderElsewhere)
            {
                await toRecipient.MessageReceived(message);
                return;
            }

            var others = (await presence.ConnectionsOfAsync(message.SenderId)).Where(id => id != connectionId).ToList();
            await Task.WhenAll(toRecipient.MessageReceived(message), hub.Clients.Clients(others).MessageReceived(message));
        });
    }

    private Task PushGroupAsync(MessageDto message) =>
        PushAsync(message, () => hub.Clients.Group(HubGroups.Chat(message.GroupId!.Value)).MessageReceived(message));

    private async Task PushAsync(MessageDto message, Func<Task> push)
    {
        using var activity = ChatActivities.Source.StartActivity("PushMessage");
        activity?.SetTag("chat.message.id", message.Id);
        try
        {
            await push();
            metrics.Pushed(message);
        }
        catch (Exception e)
        {
            // The message is stored and acknowledged anyway; it is pushed again when the backplane is back.
            activity?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            metrics.PushFailed(message);
            missed.Add(message, e);
        }
    }
}
