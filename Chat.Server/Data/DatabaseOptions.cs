using System.ComponentModel.DataAnnotations;

namespace Chat.Server.Data;

/// <summary>Which database a node uses (<c>Database__Provider</c>).</summary>
internal sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>Sqlite</c> (the single-node default) or <c>MySql</c> (the cluster database).</summary>
    [Required]
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>The MySQL or MariaDB version the SQL is generated for, e.g. <c>10.11.0-mariadb</c> or <c>8.0.36-mysql</c>.</summary>
    [Required]
    public string ServerVersion { get; set; } = "10.11.0-mariadb";

    /// <summary>Apply pending migrations at start-up (safe with several nodes: the provider takes a database lock).</summary>
    public bool MigrateOnStart { get; set; } = true;
}
