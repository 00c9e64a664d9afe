using Chat.Server.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using MySqlConnector;

namespace Chat.Server.Accounts;

internal static class SharedKeyRing
{
    /// <summary>One key ring for the whole cluster, kept in the shared database: tokens issued by one node are
    /// accepted by every other, and survive restarts. With a certificate configured every key is stored
    /// encrypted to it (a database reader can then not forge tokens); see KeyRingGuard.</summary>
    public static WebApplicationBuilder AddSharedKeyRing(this WebApplicationBuilder builder)
    {
        var certificates = KeyRingCertificates.Load(builder.BindAtStartup<KeyRingOptions>(KeyRingOptions.Section));
        builder.Services.AddSingleton(certificates);
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("chat-cluster").PersistKeysToDbContext<ChatDbContext>();
        if (certificates.Current is { } current)
        {
            dataProtection.ProtectKeysWithCertificate(current).UnprotectKeysWithAnyCertificate(certificates.Previous);
        }

        return builder;
    }

    /// <summary>The MySQL named lock the nodes take turns on: one per database, as named locks are
    /// server-wide and one server may hold several clusters' databases.</summary>
    public const string LockName = "CONCAT('chat-keyring-', DATABASE())";

    /// <summary>Makes sure the database holds a current data-protection key (which signs the access tokens),
    /// readable with this node's certificates, before the node serves anyone. Left to itself, every node of a
    /// new cluster creates its own first key as it starts, and caches its own key ring for up to a day: a token
    /// from one node is refused by the others. Here exactly one node creates it, under a database lock, and the
    /// others find it. Later keys are made ahead of their activation, so every node has them in time.</summary>
    public static async Task EnsureSharedKeyRingAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        if (options.Provider != DatabaseProvider.MySql)
        {
            // SQLite serves one node, so there is no one to race with.
            KeyRingGuard.Prepare(app.Services);
            return;
        }

        await using var connection = new MySqlConnection(app.Configuration.GetConnectionString("Chat"));
        await connection.OpenAsync();
        if (await ScalarAsync(connection, $"SELECT GET_LOCK({LockName}, 60)") != 1)
        {
            throw new InvalidOperationException("Timed out waiting for another node to create the shared key ring.");
        }

        try
        {
            KeyRingGuard.Prepare(app.Services);
        }
        finally
        {
            await ScalarAsync(connection, $"SELECT RELEASE_LOCK({LockName})");
        }
    }

    private static async Task<long> ScalarAsync(MySqlConnection connection, string sql)
    {
        await using var command = new MySqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
