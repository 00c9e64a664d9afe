using Chat.Server.Accounts;
using Chat.Server.Data;
using Chat.Server.Presence;
using Chat.Server.Realtime;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Server.Messaging;

/// <summary>Sending: check, store, acknowledge, then push. Pushing is best effort; a client that missed
/// a push catches up from the database with <c>Sync</c>.</summary>
internal sealed class MessagingService(
    ChatDbContext db, MessageStore store, IPresenceTracker presence,
    IHubContext<ChatHub, IChatClient> hub, TimeProvider clock, ILogger<MessagingService> logger)
{
    public async Task<Outcome<MessageDto>> SendDirectAsync(
        Caller caller, int toUserId, string text, string clientMessageId, string? connectionId, CancellationToken ct)
    {
        if (MessageText.Problem(text, clientMessageId) is { } problem)
        {
            return Outcome<MessageDto>.Refuse(Refusal.Invalid, problem);
        }

        text = text.Trim();
        var sentAt = Now();
        var offline = !await presence.IsOnlineAsync(toUserId);
        var id = await store.InsertDirectAsync(caller.Id, toUserId, text, sentAt, clientMessageId, offline, ct);
        if (id is null)
        {
            return await ResendAsync(await ExistingAsync(caller.Id, clientMessageId, m => m.RecipientId == toUserId, ct),
                m => PushDirectAsync(m, connectionId));
        }

        if (id == 0)
        {
            return await db.Users.AnyAsync(u => u.Id == toUserId, ct)
                ? Outcome<MessageDto>.Refuse(Refusal.Forbidden, "You can only message your friends; add this user as a friend first.")
                : Outcome<MessageDto>.Refuse(Refusal.NotFound, $"There is no user {toUserId}.");
        }

        var message = new MessageDto(id.Value, "direct", caller.Id, caller.Name, toUserId, null, text, sentAt, clientMessageId);
        await PushDirectAsync(message, connectionId);
        return message;
    }

    public async Task<Outcome<MessageDto>> SendGroupAsync(
        Caller caller, int groupId, string text, string clientMessageId, CancellationToken ct)
    {
        if (MessageText.Problem(text, clientMessageId) is { } problem)
        {
            return Outcome<MessageDto>.Refuse(Refusal.Invalid, problem);
        }

        var members = await db.GroupMembers.Where(m => m.GroupId == groupId).Select(m => m.UserId).ToListAsync(ct);
        if (!members.Contains(caller.Id))
        {
            return await NotMemberAsync<MessageDto>(groupId, ct);
        }

        text = text.Trim();
        var sentAt = Now();
        var online = await presence.OnlineAmongAsync(members);
        var offline = members.Where(m => !online.Contains(m)).ToList();
        var id = await store.InsertGroupAsync(caller.Id, groupId, text, sentAt, clientMessageId, offline, ct);
        if (id is null)
        {
            return await ResendAsync(await ExistingAsync(caller.Id, clientMessageId, m => m.GroupId == groupId, ct), PushGroupAsync);
        }

        var message = new MessageDto(id.Value, "group", caller.Id, caller.Name, null, groupId, text, sentAt, clientMessageId);
        await PushGroupAsync(message);
        return message;
    }

    // MySQL keeps microseconds: the acknowledgement carries the same time that Sync and history return.
    private DateTime Now()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return now.AddTicks(-(now.Ticks % 10));
    }

    internal async Task<Outcome<T>> NotMemberAsync<T>(int groupId, CancellationToken ct) =>
        await db.Groups.AnyAsync(g => g.Id == groupId, ct)
            ? Outcome<T>.Refuse(Refusal.Forbidden, "You are not a member of this group.")
            : Outcome<T>.Refuse(Refusal.NotFound, $"There is no group {groupId}.");

    // A resend with a used clientMessageId returns the stored message and delivers nothing new.
    private async Task<Outcome<MessageDto>> ExistingAsync(
        int senderId, string clientMessageId, System.Linq.Expressions.Expression<Func<Message, bool>> sameTarget, CancellationToken ct)
    {
        var existing = await MessageQueries.Project(db,
            db.Messages.Where(m => m.SenderId == senderId && m.ClientMessageId == clientMessageId).Where(sameTarget))
            .FirstOrDefaultAsync(ct);
        return existing is null
            ? Outcome<MessageDto>.Refuse(Refusal.Conflict, "This clientMessageId was already used for another conversation.")
            : existing;
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

    private Task PushDirectAsync(MessageDto message, string? connectionId) => PushAsync(() => Task.WhenAll(
        hub.Clients.User(message.RecipientId!.Value.ToString()).MessageReceived(message),
        hub.Clients.GroupExcept(HubGroups.User(message.SenderId), connectionId is null ? [] : [connectionId]).MessageReceived(message)));

    private Task PushGroupAsync(MessageDto message) =>
        PushAsync(() => hub.Clients.Group(HubGroups.Chat(message.GroupId!.Value)).MessageReceived(message));

    private async Task PushAsync(Func<Task> push)
    {
        try
        {
            await push();
        }
        catch (Exception e)
        {
            // The message is stored; recipients get it from Sync when the push path is back.
            logger.LogWarning(e, "Could not push a stored message");
        }
    }
}
