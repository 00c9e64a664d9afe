using System.Data.Common;
using System.Globalization;
using System.Text;
using Chat.Server.Data;

namespace Chat.Server.Messaging;

/// <summary>The SQL of one batch of messages: plain parameterised statements, no change tracking.</summary>
internal static class MessageBatchSql
{
    private const string Columns = "(`Kind`, `SenderId`, `RecipientId`, `GroupId`, `PairKey`, `Text`, `SentAt`, `ClientMessageId`)";

    /// <summary>One INSERT per message, each followed by a SELECT of its id (0 when nothing was written),
    /// so the reader has one result per message. A repeated client message id is ignored rather than
    /// failing the batch; a direct message is written only if the two are friends (the WHERE).</summary>
    public static DbCommand Insert(DbConnection connection, SqlDialect dialect, IEnumerable<NewMessage> messages)
    {
        var command = connection.CreateCommand();
        var sql = new StringBuilder();
        var i = 0;
        foreach (var message in messages)
        {
            sql.Append(CultureInfo.InvariantCulture, $"{dialect.InsertIgnore} INTO `Message` {Columns} ");
            if (message.Kind == MessageKind.Direct)
            {
                sql.Append(CultureInfo.InvariantCulture,
                    $"SELECT {(byte)MessageKind.Direct}, @s{i}, @r{i}, NULL, @k{i}, @t{i}, @at{i}, @c{i} FROM `Friend` WHERE `UserId` = @s{i} AND `FriendId` = @r{i};");
                Add(command, $"@r{i}", message.RecipientId!.Value);
                Add(command, $"@k{i}", Message.PairKeyOf(message.SenderId, message.RecipientId.Value));
            }
            else
            {
                sql.Append(CultureInfo.InvariantCulture,
                    $"VALUES ({(byte)MessageKind.Group}, @s{i}, NULL, @g{i}, NULL, @t{i}, @at{i}, @c{i});");
                Add(command, $"@g{i}", message.GroupId!.Value);
            }

            sql.Append(dialect.SelectInsertedId);
            Add(command, $"@s{i}", message.SenderId);
            Add(command, $"@t{i}", message.Text);
            Add(command, $"@at{i}", message.SentAt);
            Add(command, $"@c{i}", message.ClientMessageId);
            i++;
        }

        command.CommandText = sql.ToString();
        return command;
    }

    /// <summary>One INSERT of every offline queue row of the stored messages, or null when there is none.
    /// The values are integers from our own queries, so writing them inline is safe and saves binding
    /// hundreds of parameters for a large group.</summary>
    public static DbCommand? OfflineInsert(DbConnection connection, IEnumerable<(NewMessage Message, long Id)> stored)
    {
        var sql = new StringBuilder("INSERT INTO `OfflineMessage` (`UserId`, `MessageId`) VALUES ");
        var rows = 0;
        foreach (var (message, id) in stored)
        {
            if (id <= 0)
            {
                continue;
            }

            foreach (var userId in message.OfflineUserIds)
            {
                sql.Append(rows++ == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"({userId}, {id})");
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

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
