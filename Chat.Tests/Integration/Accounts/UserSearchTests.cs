using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chat.Tests.Infrastructure;

namespace Chat.Tests.Integration.Accounts;

public abstract class UserSearchTests(ChatAppFactory app)
{
    [Fact]
    public async Task SearchFindsUsersWhoseNameStartsWithTheText()
    {
        var prefix = Prefix();
        var names = await RegisterAsync(prefix + "-alpha", prefix + "-beta", "x" + prefix + "-gamma");
        await using var searcher = await app.UserAsync("searcher");

        var response = await searcher.Http.GetAsync(Route(prefix));
        var middle = await SearchAsync(searcher, prefix[1..]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Array, body.ValueKind);
        Assert.All(body.EnumerateArray(), u => Assert.Equal(["id", "name", "online"], u.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)));
        var found = body.Deserialize<List<UserFound>>(JsonSerializerOptions.Web)!;
        Assert.Equal([names[0], names[1]], found.Select(u => u.Name).Order(StringComparer.Ordinal));
        Assert.Empty(middle);
    }

    [Fact]
    public async Task SearchGivesTheIdsOfTheUsersItFinds()
    {
        await using var user = await app.UserAsync("findme");

        var found = await SearchAsync(user, user.Name);

        Assert.Equal((user.Id, user.Name), (Assert.Single(found).Id, found[0].Name));
    }

    [Fact]
    public async Task SearchReturnsAtMostTwentyUsers()
    {
        var prefix = Prefix();
        await RegisterAsync([.. Enumerable.Range(0, 21).Select(i => $"{prefix}-{i:00}")]);
        await using var searcher = await app.UserAsync("searcher");

        var found = await SearchAsync(searcher, prefix);

        Assert.Equal(20, found.Count);
        Assert.All(found, u => Assert.StartsWith(prefix + "-", u.Name, StringComparison.Ordinal));
        Assert.Equal(20, found.Select(u => u.Id).Distinct().Count());
    }

    [Fact]
    public async Task SearchTellsWhoIsOnline()
    {
        var prefix = Prefix();
        await using var online = new ChatClient(app, await app.RegisterAndLoginAsync(prefix + "-on"));
        await using var offline = new ChatClient(app, await app.RegisterAndLoginAsync(prefix + "-off"));
        await online.ConnectAsync();
        await online.SyncAsync();

        var found = await SearchAsync(offline, prefix);

        Assert.Equal([(offline.Name, false), (online.Name, true)], found.OrderBy(u => u.Name, StringComparer.Ordinal).Select(u => (u.Name, u.Online)));
    }

    [Fact]
    public async Task UnderscoreAndDotInTheTextMatchOnlyThemselves()
    {
        var prefix = Prefix();
        var names = await RegisterAsync(prefix + "_a", prefix + "xa", prefix + ".b", prefix + "yb", prefix + "-c");
        await using var searcher = await app.UserAsync("searcher");

        var underscore = await SearchAsync(searcher, prefix + "_");
        var dot = await SearchAsync(searcher, prefix + ".");
        var underscoreInside = await SearchAsync(searcher, prefix + "_a");

        Assert.Equal([names[0]], underscore.Select(u => u.Name));
        Assert.Equal([names[2]], dot.Select(u => u.Name));
        Assert.Equal([names[0]], underscoreInside.Select(u => u.Name));
    }

    // Every SQL and LIKE character: Security/SearchInjectionTests (S12).

    [Fact]
    public async Task SearchNeedsAToken()
    {
        using var http = app.CreateHttpClient();

        var response = await http.GetAsync(Route("a"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static string Prefix() => "s" + Guid.NewGuid().ToString("N")[..10];

    private static string Route(string name) => $"/api/users?name={Uri.EscapeDataString(name)}";

    private static async Task<List<UserFound>> SearchAsync(ChatClient searcher, string name)
    {
        var response = await searcher.Http.GetAsync(Route(name));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var found = (await response.Content.ReadFromJsonAsync<List<UserFound>>())!;
        Assert.True(found.Count <= 20);
        return found;
    }

    private async Task<string[]> RegisterAsync(params string[] names)
    {
        using var http = app.CreateHttpClient();
        var responses = await Task.WhenAll(names.Select(name =>
            http.PostAsJsonAsync("/api/account/register", new { name, password = ChatAppFactory.Password })));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        return names;
    }
}

[Trait("Database", "Sqlite")]
public sealed class SqliteUserSearchTests(SqliteChatApp app) : UserSearchTests(app), IClassFixture<SqliteChatApp>;

[Trait("Database", "MariaDb")]
public sealed class MariaDbUserSearchTests(MariaDbChatApp app) : UserSearchTests(app), IClassFixture<MariaDbChatApp>;
