using Chat.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace Chat.Server.Messaging;

/// <summary>The one way a stored message changes. Under the message row's lock, the change is checked against
/// the row as it is, applied, and given a change id drawn from the sequence that numbers messages: a message row
/// is inserted and removed again in the same transaction, so its id is used up and no message ever gets it.
/// Changes to one message therefore draw their ids in the order they apply, and a client that keeps the
/// largest id or change id it has seen misses no change after a reconnect, exactly as with messages.</summary>
internal sealed class MessageChanges(ChatDbContext db, TimeProvider clock)
{
    /// <summary>What a change does to the (tracked) message: true when it changed it, false when it found it
    /// already as asked (an emoji already there), or why it is refused.</summary>
    public delegate Task<Outcome<bool>> Change(Message message, DateTime now);

    /// <summary>The message after the change (unchanged when it was already as asked).</summary>
    public async Task<Outcome<MessageDto>> ApplyAsync(long messageId, int actorId, Change change, CancellationToken ct)
    {
        var now = Message.Now(clock);
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            // A write first: it takes the row's lock (and SQLite's write lock) before anything is read.
            await db.Messages.Where(m => m.Id == messageId).ExecuteUpdateAsync(s => s.SetProperty(m => m.ChangeId, m => m.ChangeId), ct);
            var message = await db.Messages.FirstOrDefaultAsync(m => m.Id == messageId, ct);
            if (message is null)
            {
                return Refused.NotFound($"There is no message {messageId}.");
            }

            var changed = await change(message, now);
            if (changed.Refusal is { } refused)
            {
                return refused;
            }

            if (changed.Value)
            {
                message.ChangeId = await DrawIdAsync(actorId, now, ct);
                message.ChangedAt = now;
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }

            db.ChangeTracker.Clear();
            var current = (await MessageQueries.ListAsync(db, db.Messages.Where(m => m.Id == messageId), ct)).Single();
            return current;
        }
    }

    private async Task<long> DrawIdAsync(int actorId, DateTime now, CancellationToken ct)
    {
        var placeholder = new Message { Kind = MessageKind.Direct, SenderId = actorId, Text = "", SentAt = now, ClientMessageId = $"~change-{Guid.NewGuid():N}" };
        db.Messages.Add(placeholder);
        await db.SaveChangesAsync(ct);
        db.Messages.Remove(placeholder);
        await db.SaveChangesAsync(ct);
        return placeholder.Id;
    }
}
