using System.Data.Common;
using System.Globalization;
using System.Text;
using Chat.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace Chat.Server.Messaging;

/// <summary>The hot path's writes: plain parameterised SQL, one statement per message plus one for the
/// offline queue, no change tracking. The message is committed before the caller acknowledges it.</summary>
internal sealed class MessageStore(ChatDbContext db, SqlDialect dialect)
{
    private const string Columns = "(`Kind`, `SenderId`, `RecipientId`, `GroupId`, `PairKey`, `Text`, `SentAt`, `ClientMessageId`)";

    /// <summary>Stores a direct message if the two are friends; returns its id, or 0 when they are not
    /// friends, or null when the sender already used <paramref name="clientMessageId"/>.</summary>
    public Task<long?> InsertDirectAsync(int senderId, int recipientId, string text, DateTime sentAt,
        string clientMessageId, bool recipientOffline, CancellationToken ct) =>
        InsertAsync(
            $"INSERT INTO `Message` {Columns} SELECT {(byte)MessageKind.Direct}, @s, @r, NULL, @k, @t, @at, @c " +
            "FROM `Friend` WHERE `UserId` = @s AND `FriendId` = @r;",
            command =>
            {
                Add(command, "@r", recipientId);
                Add(command, "@k", Message.PairKeyOf(senderId, recipientId));
            },
            senderId, text, sentAt, clientMessageId, recipientOffline ? [recipientId] : [], ct);

    /// <summary>Stores a group message (membership was checked by the caller); returns its id, or null
    /// when the sender already used <paramref name="clientMessageId"/>.</summary>
    public Task<long?> InsertGroupAsync(int senderId, int groupId, string text, DateTime sentAt,
        string clientMessageId, IReadOnlyCollection<int> offlineMembers, CancellationToken ct) =>
        InsertAsync(
            $"INSERT INTO `Message` {Columns} VALUES ({(byte)MessageKind.Group}, @s, NULL, @g, NULL, @t, @at, @c);",
            command => Add(command, "@g", groupId),
            senderId, text, sentAt, clientMessageId, offlineMembers, ct);

    private async Task<long?> InsertAsync(string insert, Action<DbCommand> addParameters, int senderId, string text,
        DateTime sentAt, string clientMessageId, IReadOnlyCollection<int> offlineUsers, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var transaction = offlineUsers.Count > 0 ? await connection.BeginTransactionAsync(ct) : null;
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = insert + dialect.SelectInsertedId;
            Add(command, "@s", senderId);
            Add(command, "@t", text);
            Add(command, "@at", sentAt);
            Add(command, "@c", clientMessageId);
            addParameters(command);
            var id = Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
            if (id > 0 && transaction is not null)
            {
                await using var queue = connection.CreateCommand();
                queue.Transaction = transaction;
                queue.CommandText = OfflineInsert(offlineUsers, id);
                await queue.ExecuteNonQueryAsync(ct);
            }

            if (transaction is not null)
            {
                await transaction.CommitAsync(ct);
            }

            return id;
        }
        catch (DbException e) when (dialect.IsUniqueViolation(e))
        {
            return null;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    // The values are integers from our own queries, so writing them inline is safe and saves
    // binding hundreds of parameters for a large group.
    private static string OfflineInsert(IReadOnlyCollection<int> userIds, long messageId)
    {
        var sql = new StringBuilder("INSERT INTO `OfflineMessage` (`UserId`, `MessageId`) VALUES ");
        var first = true;
        foreach (var userId in userIds)
        {
            sql.Append(first ? "" : ", ").Append(CultureInfo.InvariantCulture, $"({userId}, {messageId})");
            first = false;
        }

        return sql.Append(';').ToString();
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
