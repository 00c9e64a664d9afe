using Chat.Tests.Infrastructure;
using MySqlConnector;

namespace Chat.Tests.Integration.Data;

[Trait("Database", "MariaDb")]
public sealed class ConcurrentStartTests
{
    [Fact]
    public async Task ThreeNodesStartingTogetherOnAnEmptyDatabaseAllComeUpWithOneMigrationHistory()
    {
        var database = $"chat_test_{Guid.NewGuid():N}";
        var nodes = Enumerable.Range(0, 3).Select(_ => new MariaDbChatApp { Database = database }).ToList();

        try
        {
            await Task.WhenAll(nodes.Select(node => Task.Run(node.InitializeAsync)));

            foreach (var node in nodes)
            {
                using var http = node.CreateHttpClient();
                Assert.Equal("Healthy", await http.GetStringAsync("/healthz/ready"));
            }

            await using var connection = new MySqlConnection((await SharedMariaDb.Server).ConnectionString(database));
            await connection.OpenAsync();
            await using var command = new MySqlCommand("SELECT COUNT(*), COUNT(DISTINCT MigrationId) FROM __EFMigrationsHistory", connection);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            Assert.True(reader.GetInt64(0) > 0);
            Assert.Equal(reader.GetInt64(0), reader.GetInt64(1));
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
