using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MySqlConnector;

namespace Chat.Server.Data;

internal static class DataExtensions
{
    public static WebApplicationBuilder AddChatData(this WebApplicationBuilder builder)
    {
        // The provider decides which context is registered, so it is read here, once.
        var options = builder.BindAtStartup<DatabaseOptions>(DatabaseOptions.Section);
        var connectionString = builder.Configuration.GetConnectionString("Chat");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException("The database connection string is missing: set ConnectionStrings:Chat (environment ConnectionStrings__Chat).");
        }

        if (options.Provider == DatabaseProvider.MySql)
        {
            var version = ServerVersion.Parse(options.ServerVersion);
            builder.Services.AddDbContextPool<ChatDbContext, MySqlChatDbContext>(o => o.UseMySql(connectionString, version));
        }
        else
        {
            builder.Services.AddDbContextPool<ChatDbContext, SqliteChatDbContext>(o => o.UseSqlite(connectionString));
        }

        builder.Services.AddSingleton(new SqlDialect(options.Provider));
        builder.Services.AddHealthChecks().AddDbContextCheck<ChatDbContext>("database", tags: ["ready"]);
        return builder;
    }

    /// <summary>Brings the schema up to date before the node serves anyone. Several nodes may do this
    /// at once: EF Core 9 takes a database lock around migrations (GET_LOCK on MySQL, a lock table on SQLite).</summary>
    public static async Task MigrateChatDatabaseAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        if (!options.MigrateOnStart)
        {
            return;
        }

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Chat.Server.Data");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = app.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
                if (options.Provider == DatabaseProvider.MySql)
                {
                    await CreateMySqlDatabaseAsync(db.Database.GetConnectionString()!);
                }

                await db.Database.MigrateAsync();
                if (options.Provider == DatabaseProvider.Sqlite)
                {
                    // WAL lets readers go on while a message is written.
                    await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
                }

                return;
            }
            catch (Exception e) when (DateTime.UtcNow < deadline && e is not InvalidOperationException)
            {
                logger.LogWarning("Database not ready (attempt {Attempt}): {Reason}", attempt, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)));
            }
        }
    }

    // Nodes starting together would race on EF's CREATE DATABASE; IF NOT EXISTS makes it harmless.
    private static async Task CreateMySqlDatabaseAsync(string connectionString)
    {
        var builder = new MySqlConnectionStringBuilder(connectionString);
        var database = builder.Database;
        builder.Database = "";
        await using var connection = new MySqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE IF NOT EXISTS `{database.Replace("`", "``")}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;";
        await command.ExecuteNonQueryAsync();
    }
}
