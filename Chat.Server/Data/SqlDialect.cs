namespace Chat.Server.Data;

/// <summary>The little that differs between the two databases in the hand-written hot-path SQL.
/// Both accept backtick-quoted names and @parameters.</summary>
internal sealed class SqlDialect(DatabaseProvider provider)
{
    /// <summary>Selects the id of the row the previous INSERT wrote, or 0 when it wrote none.</summary>
    public string SelectInsertedId => provider == DatabaseProvider.MySql
        ? "SELECT CASE WHEN ROW_COUNT() > 0 THEN LAST_INSERT_ID() ELSE 0 END;"
        : "SELECT CASE WHEN changes() > 0 THEN last_insert_rowid() ELSE 0 END;";

    /// <summary>An INSERT that skips a row breaking a unique key instead of failing the statement.</summary>
    public string InsertIgnore => provider == DatabaseProvider.MySql ? "INSERT IGNORE" : "INSERT OR IGNORE";

    /// <summary>MySQL runs a whole batch (transaction, messages, offline queue) as one command; SQLite,
    /// in-process and without LAST_INSERT_ID()'s stability, uses a transaction object and two commands.</summary>
    public bool TransactionInBatch => provider == DatabaseProvider.MySql;

    /// <summary>SQLite takes one writer at a time; more would only wait on its lock.</summary>
    public bool SingleWriter => provider == DatabaseProvider.Sqlite;
}
