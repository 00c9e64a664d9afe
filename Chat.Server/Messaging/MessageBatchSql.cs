using System.Data.Common;
using System.Globalization;
using System.Text;
using Chat.Server.Data;

namespace Chat.Server.Messaging;

/// <summary>The SQL of one batch of messages: plain parameterised statements, no change tracking.</summary>
internal static class MessageBatchSql
{
    private const string Columns = "(`Kind`, `SenderId`, `RecipientId`, `GroupId`, `PairKey`, `Text`, `SentAt`, `ClientMessageId`, `ReplyToId`)";

    /// <summary>One INSERT per message, each followed by a SELECT of its id (0 when nothing was written),
    /// so the reader has one result per message. A repeated client message id is ignored rather than
    /// failing the batch. Who may send where was checked before the message was queued (for a direct
    /// message see <see cref="Friends.FriendPairs"/>). Where <see cref="SqlDialect.TransactionInBatch"/>,
    /// the command also opens and commits the transaction and writes each message's offline queue rows
    /// right after it.</summary>
    public static DbCommand Insert(DbConnection connection, SqlDialect dialect, IReadOnlyList<NewMessage> messages)
    {
        var command = connection.CreateCommand();
        var sql = new StringBuilder(dialect.TransactionInBatch ? "START TRANSACTION;" : "");
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            sql.Append(CultureInfo.InvariantCulture,
                $"{dialect.InsertIgnore} INTO `Message` {Columns} VALUES ({(byte)message.Kind}, @s{i}, @r{i}, @g{i}, @k{i}, @t{i}, @at{i}, @c{i}, {(message.ReplyToId is null ? "NULL" : $"@y{i}")});");
            if (message.ReplyToId is { } replyTo)
            {
                Add(command, $"@y{i}", replyTo);
            }

            Add(command, $"@r{i}", message.RecipientId);
            Add(command, $"@g{i}", message.GroupId);
            Add(command, $"@k{i}", message.RecipientId is { } to ? Message.PairKeyOf(message.SenderId, to) : null);
            sql.Append(dialect.SelectInsertedId);
            if (dialect.TransactionInBatch && message.OfflineUserIds.Count > 0)
            {
                // LAST_INSERT_ID() is unchanged by an ignored insert, so it names this message only if
                // the row with it is this sender's with this client id.
                sql.Append("INSERT INTO `OfflineMessage` (`UserId`, `MessageId`) SELECT `x`.`u`, `m`.`Id` FROM (");
                AppendUserIds(sql, message.OfflineUserIds);
                sql.Append(CultureInfo.InvariantCulture,
                    $") AS `x` JOIN `Message` AS `m` ON `m`.`Id` = LAST_INSERT_ID() WHERE `m`.`SenderId` = @s{i} AND `m`.`ClientMessageId` = @c{i};");
            }

            Add(command, $"@s{i}", message.SenderId);
            Add(command, $"@t{i}", message.Text);
            Add(command, $"@at{i}", message.SentAt);
            Add(command, $"@c{i}", message.ClientMessageId);
        }

        command.CommandText = sql.Append(dialect.TransactionInBatch ? "COMMIT;" : "").ToString();
        return command;
    }

    /// <summary>One INSERT of every offline queue row of the stored messages (id above 0), or null when
    /// there is none.</summary>
    public static DbCommand? OfflineInsert(DbConnection connection, IReadOnlyList<NewMessage> messages, long[] ids)
    {
        var sql = new StringBuilder("INSERT INTO `OfflineMessage` (`UserId`, `MessageId`) VALUES ");
        var rows = 0;
        for (var i = 0; i < messages.Count; i++)
        {
            if (ids[i] <= 0)
            {
                continue;
            }

            foreach (var userId in messages[i].OfflineUserIds)
            {
                sql.Append(rows++ == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"({userId}, {ids[i]})");
            }
        }

        if (rows == 0)
        {
            return null;
        }

        var command = connection.CreateCommand();
        command.CommandText = sql.Append(';').ToString();
        return command;
    }

    // The user ids are integers from our own queries, so writing them inline is safe and saves binding
    // hundreds of parameters for a large group.
    private static void AppendUserIds(StringBuilder sql, IReadOnlyCollection<int> userIds)
    {
        var first = true;
        foreach (var userId in userIds)
        {
            sql.Append(first ? "SELECT " : " UNION ALL SELECT ").Append(CultureInfo.InvariantCulture, $"{userId}");
            sql.Append(first ? " AS `u`" : "");
            first = false;
        }
    }

    private static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
