using Chat.Server.Data;

namespace Chat.Server.Messaging;

internal static class MessageQueries
{
    /// <summary>Messages as the wire shows them, with the sender's name; keeps the order given.</summary>
    public static IQueryable<MessageDto> Project(ChatDbContext db, IQueryable<Message> messages) =>
        from m in messages
        join u in db.Users on m.SenderId equals u.Id
        select new MessageDto(
            m.Id, m.Kind == MessageKind.Direct ? "direct" : "group", m.SenderId, u.UserName!,
            m.RecipientId, m.GroupId, m.Text, m.SentAt, m.ClientMessageId, m.DeletedAt);
}
