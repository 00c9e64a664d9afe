using System.Data.Common;
using Microsoft.Data.Sqlite;
using MySqlConnector;

namespace Chat.Server.Data;

/// <summary>The little that differs between the two databases in the hand-written hot-path SQL.
/// Both accept backtick-quoted names and @parameters.</summary>
internal sealed class SqlDialect(DatabaseProvider provider)
{
    /// <summary>Selects the id of the row the previous INSERT wrote, or 0 when it wrote none.</summary>
    public string SelectInsertedId => provider == DatabaseProvider.MySql
        ? "SELECT CASE WHEN ROW_COUNT() > 0 THEN LAST_INSERT_ID() ELSE 0 END;"
        : "SELECT CASE WHEN changes() > 0 THEN last_insert_rowid() ELSE 0 END;";

    public bool IsUniqueViolation(DbException e) => e switch
    {
        MySqlException m => m.ErrorCode == MySqlErrorCode.DuplicateKeyEntry,
        SqliteException s => s.SqliteErrorCode == 19 && s.SqliteExtendedErrorCode == 2067,
        _ => false,
    };
}
