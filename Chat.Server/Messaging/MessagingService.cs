using Chat.Server.Accounts;
using Chat.Server.Data;
using System.Diagnostics;
using Chat.Server.Friends;
using Chat.Server.Groups;
using Chat.Server.Observability;
using Chat.Server.Presence;
using Chat.Server.Realtime;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Server.Messaging;

/// <summary>Sending: check, store, acknowledge, then push. Pushing is best effort; a client that missed
/// a push catches up from the database with <c>Sync</c>.</summary>
internal sealed class MessagingService(
    ChatDbContext db, MessageWriter writer, FriendPairs friends, GroupMembership membership, IPresenceTracker presence,
    IHubContext<ChatHub, IChatClient> hub, MissedPushes missed, TimeProvider clock, ChatMetrics metrics)
{
    public async Task<Outcome<MessageDto>> SendDirectAsync(
        Caller caller, int toUserId, string text, string clientMessageId, string? connectionId, CancellationToken ct) =>
        metrics.Counted(MessageKind.Direct, await DirectAsync(caller, toUserId, text, clientMessageId, null, connectionId, ct));

    public async Task<Outcome<MessageDto>> SendGroupAsync(
        Caller caller, int groupId, string text, string clientMessageId, CancellationToken ct) =>
        metrics.Counted(MessageKind.Group, await GroupAsync(caller, groupId, text, clientMessageId, null, ct));

    /// <summary>SendDirect and SendGroup in one, with a reply; one clientMessageId names one message whichever sent it.</summary>
    public async Task<Outcome<MessageDto>> SendMessageAsync(Caller caller, SendMessageRequest? request, string? connectionId, CancellationToken ct)
    {
        if (request is null || (request.ToUserId is null) == (request.GroupId is null))
        {
            return Refused.Invalid("Set exactly one of toUserId and groupId.");
        }

        if (request.AttachmentIds is { Count: > 0 })
        {
            return Refused.Invalid($"Unknown attachment {request.AttachmentIds[0]}.");
        }

        return request.ToUserId is { } to
            ? metrics.Counted(MessageKind.Direct, await DirectAsync(caller, to, request.Text, request.ClientMessageId, request.ReplyToId, connectionId, ct))
            : metrics.Counted(MessageKind.Group, await GroupAsync(caller, request.GroupId!.Value, request.Text, request.ClientMessageId, request.ReplyToId, ct));
    }

    private async Task<Outcome<MessageDto>> DirectAsync(
        Caller caller, int toUserId, string text, string clientMessageId, long? replyToId, string? connectionId, CancellationToken ct)
    {
        if (MessageText.Problem(text, clientMessageId, out var clean) is { } problem)
        {
            return Refused.Invalid(problem);
        }

        if (!await friends.AreFriendsAsync(db, caller.Id, toUserId, ct))
        {
            return await db.Accounts.AnyAsync(u => u.Id == toUserId, ct)
                ? Refused.Forbidden("You can only message your friends; add this user as a friend first.")
                : Refused.NotFound($"There is no user {toUserId}.");
        }

        var key = Message.PairKeyOf(caller.Id, toUserId);
        if (replyToId is { } reply && !await db.Messages.AnyAsync(m => m.Id == reply && m.PairKey == key, ct))
        {
            return NotInConversation(reply);
        }

        var sentAt = Now();
        // Unknown presence (Redis away) errs on the safe side: queue for the recipient, push to the sender's others.
        var counts = await presence.ConnectionCountsAsync([toUserId, caller.Id]);
        var offline = counts is null || counts[0] == 0;
        var senderElsewhere = counts is null || counts[1] > (connectionId is null ? 0 : 1);
        return await StoreAndPushAsync(
            new NewMessage(MessageKind.Direct, caller.Id, toUserId, null, clean, sentAt, clientMessageId, offline ? [toUserId] : [], replyToId),
            caller.Name,
            (message, repeat) => PushDirectAsync(message, connectionId, senderElsewhere: repeat || senderElsewhere),
            () => throw new InvalidOperationException("A direct message was neither stored nor found stored."),
            ct);
    }

    private async Task<Outcome<MessageDto>> GroupAsync(
        Caller caller, int groupId, string text, string clientMessageId, long? replyToId, CancellationToken ct)
    {
        if (MessageText.Problem(text, clientMessageId, out var clean) is { } problem)
        {
            return Refused.Invalid(problem);
        }

        var members = await membership.MembersAsync(groupId, ct);
        if (!members.Contains(caller.Id))
        {
            return await membership.NotMemberAsync(groupId, ct);
        }

        if (replyToId is { } reply && !await db.Messages.AnyAsync(m => m.Id == reply && m.GroupId == groupId, ct))
        {
            return NotInConversation(reply);
        }

        var sentAt = Now();
        var online = await presence.OnlineAmongAsync(members);
        var offline = members.Where(m => !online.Contains(m)).ToList();
        return await StoreAndPushAsync(
            new NewMessage(MessageKind.Group, caller.Id, null, groupId, clean, sentAt, clientMessageId, offline, replyToId),
            caller.Name,
            (message, _) => PushGroupAsync(message),
            async () => await membership.NotMemberAsync(groupId, ct),
            ct);
    }

    /// <summary>Idempotency, all of it. The unique index on (sender, client message id) makes the store
    /// ignore a repeat; the repeat then gets the stored message back, pushed again (<c>repeat</c>: the
    /// client never got the acknowledgement, so the first push may have died with a node; clients drop it
    /// by id if they had it). The same id used for another conversation is a conflict. When nothing was
    /// written and nothing is found, <paramref name="notFound"/> says why (for a group: it was deleted).</summary>
    private async Task<Outcome<MessageDto>> StoreAndPushAsync(
        NewMessage message, string senderName, Func<MessageDto, bool, Task> push, Func<Task<Outcome<MessageDto>>> notFound, CancellationToken ct)
    {
        var stored = await StoreAsync(message);
        if (stored.Written)
        {
            var sent = new MessageDto(stored.Id, message.Kind == MessageKind.Direct ? "direct" : "group", message.SenderId, senderName,
                message.RecipientId, message.GroupId, message.Text, message.SentAt, message.ClientMessageId, message.ReplyToId, [],
                null, null, [], stored.Id);
            await push(sent, false);
            return sent;
        }

        var earlier = (await MessageQueries.ListAsync(
            db, db.Messages.Where(m => m.SenderId == message.SenderId && m.ClientMessageId == message.ClientMessageId), ct)).FirstOrDefault();
        if (earlier is null)
        {
            return await notFound();
        }

        if (earlier.RecipientId != message.RecipientId || earlier.GroupId != message.GroupId)
        {
            return Refused.Conflict("This clientMessageId was already used for another conversation.");
        }

        await push(earlier, true);
        return earlier;
    }

    private static Refused NotInConversation(long messageId) =>
        Refused.Invalid($"replyToId {messageId} is not a message of this conversation.");

    private async Task<StoreResult> StoreAsync(NewMessage message)
    {
        using var activity = ChatActivities.Source.StartActivity("StoreMessage");
        var stored = await writer.StoreAsync(message);
        activity?.SetTag("chat.message.id", stored.Id);
        return stored;
    }

    // MySQL keeps microseconds: the acknowledgement carries the same time that Sync and history return.
    private DateTime Now() => Message.Now(clock);

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
