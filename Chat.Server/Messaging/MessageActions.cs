using System.ComponentModel.DataAnnotations;
using Chat.Server.Accounts;
using Chat.Server.Data;
using Chat.Server.Groups;
using Chat.Server.Realtime;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Chat.Server.Messaging;

/// <summary><c>Messaging__EditWindowMinutes</c>: how long after sending a message its sender may edit it.</summary>
internal sealed class MessageEditOptions
{
    [Range(0, 525_600)]
    public int EditWindowMinutes { get; set; } = 2880;
}

/// <summary>Editing, deleting and reacting: the rules of each, applied through <see cref="MessageChanges"/>,
/// and the new state pushed as MessageUpdated to whoever may see the message.</summary>
internal sealed class MessageActions(
    ChatDbContext db, MessageChanges changes, GroupMembership membership, IHubContext<ChatHub, IChatClient> hub, MissedPushes missed,
    IOptions<MessageEditOptions> options)
{
    public const int MaxDistinctReactions = 20;

    public Task<Outcome<MessageDto>> EditAsync(Caller caller, long messageId, string? text, CancellationToken ct)
    {
        if (UserText.Problem(text, "message text", Message.TextMaxLength, UserText.Kind.Running, out var clean) is { } problem)
        {
            return Task.FromResult<Outcome<MessageDto>>(Refused.Invalid(problem));
        }

        var window = TimeSpan.FromMinutes(options.Value.EditWindowMinutes);
        return ApplyAsync(messageId, caller.Id, (message, now) =>
        {
            Outcome<bool> verdict = message.SenderId != caller.Id ? Refused.Forbidden("Only its sender can edit a message.")
                : message.DeletedAt is not null ? Refused.Invalid("This message was deleted.")
                : now - message.SentAt > window ? Refused.Forbidden($"A message can be edited only in the {options.Value.EditWindowMinutes} minutes after it was sent.")
                : Edited(message, clean, now);
            return Task.FromResult(verdict);
        }, ct);
    }

    public Task<Outcome<MessageDto>> DeleteAsync(Caller caller, bool isAdmin, long messageId, CancellationToken ct) =>
        ApplyAsync(messageId, caller.Id, async (message, now) =>
        {
            if (message.SenderId != caller.Id && !isAdmin
                && !(message.GroupId is { } groupId && await membership.CreatorOfAsync(groupId, ct) == caller.Id))
            {
                return Refused.Forbidden("Only its sender, the group's creator or an admin can delete a message.");
            }

            if (message.DeletedAt is not null)
            {
                return false;
            }

            (message.Text, message.DeletedAt) = ("", now);
            await db.Reactions.Where(r => r.MessageId == message.Id).ExecuteDeleteAsync(ct);
            return true;
        }, ct);

    public Task<Outcome<MessageDto>> ReactAsync(Caller caller, long messageId, string? emoji, bool add, CancellationToken ct)
    {
        if (!Emoji.IsSingle(emoji))
        {
            return Task.FromResult<Outcome<MessageDto>>(Refused.Invalid("A reaction is one emoji."));
        }

        return ApplyAsync(messageId, caller.Id, async (message, now) =>
        {
            if (!await CanSeeAsync(caller.Id, message, ct))
            {
                return Refused.NotFound($"There is no message {messageId}.");
            }

            if (message.DeletedAt is not null)
            {
                return Refused.Invalid("This message was deleted.");
            }

            var mine = db.Reactions.Where(r => r.MessageId == messageId && r.UserId == caller.Id && r.Emoji == emoji);
            if (!add)
            {
                return await mine.ExecuteDeleteAsync(ct) > 0;
            }

            if (await mine.AnyAsync(ct))
            {
                return false;
            }

            var distinct = await db.Reactions.Where(r => r.MessageId == messageId).Select(r => r.Emoji).Distinct().ToListAsync(ct);
            if (!distinct.Contains(emoji!) && distinct.Count >= MaxDistinctReactions)
            {
                return Refused.Invalid($"A message can have at most {MaxDistinctReactions} different reactions.");
            }

            db.Reactions.Add(new MessageReaction { MessageId = messageId, UserId = caller.Id, Emoji = emoji!, CreatedAt = now });
            return true;
        }, ct);
    }

    private static bool Edited(Message message, string text, DateTime now)
    {
        if (message.Text == text)
        {
            return false;
        }

        (message.Text, message.EditedAt) = (text, now);
        return true;
    }

    private async Task<bool> CanSeeAsync(int userId, Message message, CancellationToken ct) => message.GroupId is { } groupId
        ? await membership.IsMemberAsync(groupId, userId, ct)
        : message.SenderId == userId || message.RecipientId == userId;

    private async Task<Outcome<MessageDto>> ApplyAsync(long messageId, int actorId, MessageChanges.Change change, CancellationToken ct)
    {
        var outcome = await changes.ApplyAsync(messageId, actorId, change, ct);
        if (!outcome.Succeeded)
        {
            return outcome;
        }

        // Pushed even when the request changed nothing: it may repeat one whose node died between its commit and
        // its push, and its viewers would otherwise learn of the change only at their next catch-up. Clients
        // drop a state they hold already by its change id.
        await PushAsync(outcome.Value!);
        return outcome;
    }

    private async Task PushAsync(MessageDto message)
    {
        try
        {
            await MissedPushes.ReadersOf(hub, message).MessageUpdated(message);
        }
        catch (Exception e)
        {
            // Stored already; pushed again when the backplane is back, and in any case in the next catch-up.
            missed.Add(message, e, update: true);
        }
    }
}
