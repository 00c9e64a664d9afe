using Chat.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace Chat.Server.Messaging;

internal static class MessageQueries
{
    /// <summary>Messages as the wire shows them, with the sender's name, without reactions (see
    /// <see cref="ListAsync"/>); keeps the order given.</summary>
    public static IQueryable<MessageDto> Project(ChatDbContext db, IQueryable<Message> messages) =>
        from m in messages
        join u in db.Users on m.SenderId equals u.Id
        select new MessageDto(
            m.Id, m.Kind == MessageKind.Direct ? "direct" : "group", m.SenderId, u.UserName!,
            m.RecipientId, m.GroupId, m.Text, m.SentAt, m.ClientMessageId, m.ReplyToId, Array.Empty<AttachmentDto>(),
            m.EditedAt, m.DeletedAt, Array.Empty<ReactionDto>(), m.ChangeId ?? m.Id);

    /// <summary>The largest message id given out before <paramref name="time"/> (0 if none). Change ids come from the
    /// same sequence, so every change made since then has a larger one: a lower bound for scanning changes by id.</summary>
    public static async Task<long> LastIdBeforeAsync(ChatDbContext db, DateTime time, CancellationToken ct) =>
        await db.Messages.Where(m => m.SentAt < time).MaxAsync(m => (long?)m.Id, ct) ?? 0;

    /// <summary>The messages in their current state, reactions included. Only a message that has changed can
    /// have reactions, so a page of unchanged messages costs no second query.</summary>
    public static async Task<List<MessageDto>> ListAsync(ChatDbContext db, IQueryable<Message> messages, CancellationToken ct)
    {
        var list = await Project(db, messages).AsNoTracking().ToListAsync(ct);
        var changed = list.Where(m => m.ChangeId != m.Id && m.DeletedAt is null).Select(m => m.Id).ToList();
        if (changed.Count == 0)
        {
            return list;
        }

        var reactions = (await db.Reactions.Where(r => changed.Contains(r.MessageId))
                .OrderBy(r => r.CreatedAt).ThenBy(r => r.UserId)
                .Select(r => new { r.MessageId, r.Emoji, r.UserId }).ToListAsync(ct))
            .ToLookup(r => r.MessageId);
        return list.ConvertAll(m => reactions.Contains(m.Id)
            ? m with { Reactions = [.. reactions[m.Id].GroupBy(r => r.Emoji).Select(e => new ReactionDto(e.Key, [.. e.Select(r => r.UserId)]))] }
            : m);
    }
}
