using System.Xml.Linq;
using Chat.Server.Accounts;
using Chat.Tests.Infrastructure;
using Chat.Tests.Infrastructure.Cluster;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;
using Xunit.Abstractions;

namespace Chat.Tests.Integration.Data;

[Trait("Database", "MariaDb")]
public sealed class ConcurrentStartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ThreeNodesStartingTogetherOnAnEmptyDatabaseAllComeUpWithOneMigrationHistory()
    {
        var database = $"chat_test_{Guid.NewGuid():N}";
        var nodes = Enumerable.Range(0, 3).Select(_ => new MariaDbChatApp { Database = database }).ToList();

        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var errors = (await Task.WhenAll(nodes.Select(node => Record.ExceptionAsync(() => Task.Run(node.InitializeAsync))))).Count(e => e is not null);
            var started = clock.Elapsed;
            var healthy = 0;
            foreach (var node in nodes)
            {
                using var http = node.CreateHttpClient();
                healthy += await http.GetStringAsync("/healthz/ready") == "Healthy" ? 1 : 0;
            }

            await using var connection = new MySqlConnection((await SharedMariaDb.Server).ConnectionString(database));
            await connection.OpenAsync();
            await using var command = new MySqlCommand("SELECT COUNT(*), COUNT(DISTINCT MigrationId) FROM __EFMigrationsHistory", connection);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            var (rows, distinct) = (reader.GetInt64(0), reader.GetInt64(1));

            output.WriteLine($"R10 concurrent-start: healthy={healthy}/3 within={started.TotalSeconds:0.0}s historyRows={rows} distinct={distinct} errors={errors}");
            Assert.Equal(0, errors);
            Assert.Equal(3, healthy);
            Assert.True(started < TimeSpan.FromSeconds(60), $"started in {started.TotalSeconds:0.0}s");
            Assert.True(rows > 0);
            Assert.Equal(rows, distinct);
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task ANodeStartingWhileAnotherCreatesTheFirstKeyWaitsAndUsesThatKey()
    {
        // Left to itself each node of a new cluster made its own first key at start, and refused tokens
        // signed with the others' until its key ring cache expired a day later.
        await using var schema = new MariaDbChatApp();
        await schema.InitializeAsync();
        var server = await SharedMariaDb.Server;
        await using var other = new MySqlConnection(server.ConnectionString(schema.Database));
        await other.OpenAsync();
        await ExecuteAsync(other, "DELETE FROM DataProtectionKeys");
        Assert.Equal(1L, await ExecuteAsync(other, $"SELECT GET_LOCK({SharedKeyRing.LockName}, 10)"));

        await using var node = new MariaDbChatApp { Database = schema.Database };
        var starting = Task.Run(node.InitializeAsync);
        await Eventually.HoldsAsync(
            async () => starting.IsCompleted || await ExecuteAsync(other, "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE STATE = 'User lock' AND DB = DATABASE()") > 0,
            waiting => waiting, TimeSpan.FromSeconds(30), "the node waits for the key ring lock or has started");

        // What the node holding the lock would write: a key made the way every node makes one.
        await ExecuteAsync(other, "INSERT INTO DataProtectionKeys (FriendlyName, Xml) VALUES ('key-other-node', @xml)", ("@xml", NewKeyXml()));
        await ExecuteAsync(other, $"SELECT RELEASE_LOCK({SharedKeyRing.LockName})");
        await starting;

        Assert.Equal(1L, await ExecuteAsync(other, "SELECT COUNT(*) FROM DataProtectionKeys"));
        var tokens = await node.RegisterAndLoginAsync(ChatAppFactory.UniqueName("keyed"));
        using var http = node.CreateHttpClient(tokens.AccessToken);
        Assert.True((await http.GetAsync("/api/account/me")).IsSuccessStatusCode);
    }

    private static string NewKeyXml()
    {
        var folder = Directory.CreateTempSubdirectory("chat-key-");
        try
        {
            var services = new ServiceCollection();
            services.AddDataProtection().SetApplicationName("chat-cluster").PersistKeysToFileSystem(folder);
            using var provider = services.BuildServiceProvider();
            var now = DateTimeOffset.UtcNow;
            provider.GetRequiredService<IKeyManager>().CreateNewKey(now, now.AddDays(90));
            return XElement.Load(folder.GetFiles("key-*.xml").Single().FullName).ToString(SaveOptions.DisableFormatting);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<long> ExecuteAsync(MySqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = new MySqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task ATokenIssuedByOneNodeIsAcceptedByAnotherOnTheSameDatabase()
    {
        var database = $"chat_test_{Guid.NewGuid():N}";
        await using var first = new MariaDbChatApp { Database = database };
        await first.InitializeAsync();
        var tokens = await first.RegisterAndLoginAsync(ChatAppFactory.UniqueName("roamer"));
        await using var second = new MariaDbChatApp { Database = database };
        await second.InitializeAsync();

        using var http = second.CreateHttpClient(tokens.AccessToken);
        var me = await http.GetAsync("/api/account/me");

        Assert.True(me.IsSuccessStatusCode, $"second node answered {(int)me.StatusCode}");
    }
}
