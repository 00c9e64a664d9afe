using System.Net;
using System.Net.Http.Json;
using Chat.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Chat.Tests.Integration.Accounts;

/// <summary>Refresh tokens are rotated and a reused one ends its login's session family (RFC 9700 4.14).</summary>
public abstract class RefreshRotationTests(ChatAppFactory app, ITestOutputHelper output)
{
    private const string MeRoute = "/api/account/me";

    [Fact]
    public async Task RefreshReturnsANewRefreshTokenAndTheUsedOneIsRefused()
    {
        var first = await app.RegisterAndLoginAsync(ChatAppFactory.UniqueName("rotate"));
        using var anonymous = app.CreateHttpClient();

        var renewed = await RefreshAsync(anonymous, first.RefreshToken);
        var reused = await anonymous.PostAsJsonAsync("/api/account/refresh", new { first.RefreshToken });

        Assert.NotEqual(first.RefreshToken, renewed.RefreshToken);
        Assert.Equal(HttpStatusCode.Unauthorized, reused.StatusCode);
        Assert.Equal("application/problem+json", reused.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ReusingARefreshTokenEndsItsFamilyButNotTheUsersOtherLogins()
    {
        var name = ChatAppFactory.UniqueName("stolen");
        var login = await app.RegisterAndLoginAsync(name);
        var otherLogin = await app.LoginAsync(name);
        using var anonymous = app.CreateHttpClient();
        var newest = await RefreshAsync(anonymous, login.RefreshToken);
        await using var victimTab = await new ChatClient(app, newest).ConnectAsync();
        await using var otherTab = await new ChatClient(app, otherLogin).ConnectAsync();

        var reuse = await anonymous.PostAsJsonAsync("/api/account/refresh", new { login.RefreshToken });
        await victimTab.Closed.WaitAsync(_ => true);
        var newestRefresh = await anonymous.PostAsJsonAsync("/api/account/refresh", new { newest.RefreshToken });
        using var newestHttp = app.CreateHttpClient(newest.AccessToken);
        var newestMe = await newestHttp.GetAsync(MeRoute);
        var reconnect = await Record.ExceptionAsync(() => new ChatClient(app, newest).ConnectAsync());
        using var otherHttp = app.CreateHttpClient(otherLogin.AccessToken);
        var otherMe = await otherHttp.GetAsync(MeRoute);
        var otherSync = await otherTab.SyncAsync(long.MaxValue);
        var otherRefresh = await anonymous.PostAsJsonAsync("/api/account/refresh", new { otherLogin.RefreshToken });

        output.WriteLine($"S4 refresh reuse: reuse={(int)reuse.StatusCode} newestRefresh={(int)newestRefresh.StatusCode} " +
            $"newestMe={(int)newestMe.StatusCode} tabClosed={victimTab.Closed.Items.Count > 0} reconnect={(reconnect is null ? "accepted" : "refused")} " +
            $"otherLoginMe={(int)otherMe.StatusCode} otherLoginRefresh={(int)otherRefresh.StatusCode}");
        Assert.Equal(HttpStatusCode.Unauthorized, reuse.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, newestRefresh.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, newestMe.StatusCode);
        Assert.NotNull(reconnect);
        Assert.Equal(HttpStatusCode.OK, otherMe.StatusCode);
        Assert.Equal(name, otherSync.Me.Name);
        Assert.Empty(otherTab.Closed.Items);
        Assert.Equal(HttpStatusCode.OK, otherRefresh.StatusCode);
    }

    [Fact]
    public async Task OfConcurrentRedeemsOfOneRefreshTokenExactlyOneWins()
    {
        const int Rounds = 8;
        const int Racers = 4;
        var name = ChatAppFactory.UniqueName("race");
        await app.RegisterAndLoginAsync(name);
        var wins = new List<int>();

        for (var round = 0; round < Rounds; round++)
        {
            var login = await app.LoginAsync(name);
            using var start = new SemaphoreSlim(0);
            var racers = Enumerable.Range(0, Racers).Select(async _ =>
            {
                using var http = app.CreateHttpClient();
                await start.WaitAsync();
                return (await http.PostAsJsonAsync("/api/account/refresh", new { login.RefreshToken })).StatusCode;
            }).ToList();
            start.Release(Racers);
            var statuses = await Task.WhenAll(racers);
            Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.OK, HttpStatusCode.Unauthorized }));
            wins.Add(statuses.Count(s => s == HttpStatusCode.OK));
        }

        output.WriteLine($"S4 refresh race ({app.ProviderName}): rounds={Rounds} racers={Racers} winsPerRound={string.Join(",", wins)}");
        Assert.All(wins, w => Assert.Equal(1, w));
    }

    private static async Task<TokenResponse> RefreshAsync(HttpClient http, string refreshToken)
    {
        var response = await http.PostAsJsonAsync("/api/account/refresh", new { refreshToken });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<TokenResponse>())!;
    }
}

[Trait("Database", "Sqlite")]
public sealed class SqliteRefreshRotationTests(SqliteChatApp app, ITestOutputHelper output) : RefreshRotationTests(app, output), IClassFixture<SqliteChatApp>;

[Trait("Database", "MariaDb")]
public sealed class MariaDbRefreshRotationTests(MariaDbChatApp app, ITestOutputHelper output) : RefreshRotationTests(app, output), IClassFixture<MariaDbChatApp>;
