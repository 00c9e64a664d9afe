using System.Net;
using System.Net.Http.Json;
using Chat.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Chat.Tests.Integration.Security;

/// <summary>S12: search text is a literal prefix on every database, whatever SQL or LIKE characters it holds.</summary>
public abstract class SearchInjectionTests(ChatAppFactory app, ITestOutputHelper output)
{
    private static readonly string[] Payloads =
    [
        "%", "_", "__", "'", "\\", "\\%", "\\_", "' OR 1=1 --", "' OR '1'='1", "\" OR \"\"=\"",
        "%' OR 1=1; DROP TABLE `User`; --", "[a-z]", "*", "a%", "a_",
    ];

    [Fact]
    public async Task SearchReturnsExactlyTheLiteralPrefixMatches()
    {
        var prefix = "s" + Guid.NewGuid().ToString("N")[..10];
        string[] names = [prefix + "_a", prefix + "-b", prefix + "xc", prefix + ".d", "_" + prefix[1..], prefix + "a_b"];
        using var http = app.CreateHttpClient();
        foreach (var name in names)
        {
            using var registered = await http.PostAsJsonAsync("/api/account/register", new { name, password = ChatAppFactory.Password });
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        }

        await using var searcher = await app.UserAsync("searcher");
        var queries = 0;
        var extra = new List<string>();
        var missing = new List<string>();
        foreach (var payload in Payloads)
        {
            foreach (var text in new[] { prefix + payload, payload })
            {
                queries++;
                using var response = await searcher.Http.GetAsync($"/api/users?name={Uri.EscapeDataString(text)}");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var found = (await response.Content.ReadFromJsonAsync<List<UserFound>>())!.Select(u => u.Name).ToList();
                extra.AddRange(found.Where(n => !n.StartsWith(text, StringComparison.OrdinalIgnoreCase)).Select(n => $"{text} -> {n}"));
                if (text != payload)
                {
                    missing.AddRange(names.Where(n => n.StartsWith(text, StringComparison.OrdinalIgnoreCase) && !found.Contains(n)));
                }
            }
        }

        var everyone = await searcher.GetAsync<List<UserFound>>($"/api/users?name={prefix}");
        output.WriteLine($"S12 search: db={app.ProviderName} payloads={Payloads.Length} queries={queries} " +
            $"extraRows={extra.Count} missingRows={missing.Count} tableIntact={everyone.Count == 5}");
        Assert.Empty(extra);
        Assert.Empty(missing);
        Assert.Equal(5, everyone.Count);
    }
}

[Trait("Database", "Sqlite")]
public sealed class SqliteSearchInjectionTests(SqliteChatApp app, ITestOutputHelper output)
    : SearchInjectionTests(app, output), IClassFixture<SqliteChatApp>;

[Trait("Database", "MariaDb")]
public sealed class MariaDbSearchInjectionTests(MariaDbChatApp app, ITestOutputHelper output)
    : SearchInjectionTests(app, output), IClassFixture<MariaDbChatApp>;
