using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Chat.Tests.Integration.Accounts;

public abstract class AccountTests(ChatAppFactory app)
{
    private const string MeRoute = "/api/account/me";

    [Fact]
    public async Task RegisterAnswersCreatedWithIdAndName()
    {
        var name = ChatAppFactory.UniqueName("reg");
        using var http = app.CreateHttpClient();

        var response = await http.PostAsJsonAsync("/api/account/register", new { name, password = ChatAppFactory.Password });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["id", "name"], Keys(body));
        Assert.Equal(name, body.GetProperty("name").GetString());
        Assert.True(body.GetProperty("id").GetInt32() > 0);
    }

    [Fact]
    public async Task RegisteringATakenNameIsAConflict()
    {
        var name = ChatAppFactory.UniqueName("taken");
        using var http = app.CreateHttpClient();
        await RegisterAsync(http, name, ChatAppFactory.Password);

        var same = await http.PostAsJsonAsync("/api/account/register", new { name, password = ChatAppFactory.Password });
        var otherCase = await http.PostAsJsonAsync("/api/account/register", new { name = name.ToUpperInvariant(), password = ChatAppFactory.Password });

        Assert.False(string.IsNullOrWhiteSpace((await ProblemAsync(same, HttpStatusCode.Conflict)).GetProperty("title").GetString()));
        await ProblemAsync(otherCase, HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("bang!")]
    [InlineData("émile")]
    [InlineData("x")]
    [InlineData("name-that-is-longer-than-32-chars")]
    [InlineData("O'Brien")]
    public async Task InvalidNameIsAValidationError(string name)
    {
        using var http = app.CreateHttpClient();

        var response = await http.PostAsJsonAsync("/api/account/register", new { name, password = ChatAppFactory.Password });

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
        Assert.Empty(await SearchAsync(name));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"name\":\"someone\"}")]
    [InlineData("{\"password\":\"correct horse battery\"}")]
    [InlineData("{\"name\":null,\"password\":\"correct horse battery\"}")]
    [InlineData("{\"name\":\"someone\",\"password\":null}")]
    public async Task MissingFieldsAreValidationErrors(string json)
    {
        using var http = app.CreateHttpClient();

        var register = await PostRawAsync(http, "/api/account/register", json);
        var login = await PostRawAsync(http, "/api/account/login", json);

        Assert.Equal(JsonValueKind.Object, (await ProblemAsync(register, HttpStatusCode.BadRequest)).GetProperty("errors").ValueKind);
        Assert.Equal(JsonValueKind.Object, (await ProblemAsync(login, HttpStatusCode.BadRequest)).GetProperty("errors").ValueKind);
    }

    [Fact]
    public async Task ValidationErrorsNameTheFieldsInCamelCase()
    {
        using var http = app.CreateHttpClient();

        var missing = await PostRawAsync(http, "/api/account/register", "{}");
        var weak = await http.PostAsJsonAsync("/api/account/register", new { name = ChatAppFactory.UniqueName("camel"), password = "short" });

        Assert.Equal(["name", "password"], Keys((await ProblemAsync(missing, HttpStatusCode.BadRequest)).GetProperty("errors")));
        Assert.Equal(["password"], Keys((await ProblemAsync(weak, HttpStatusCode.BadRequest)).GetProperty("errors")));
    }

    [Fact]
    public async Task LoginAnswersTokensAndUser()
    {
        var name = ChatAppFactory.UniqueName("login");
        using var http = app.CreateHttpClient();
        var id = await RegisterAsync(http, name, ChatAppFactory.Password);

        var response = await http.PostAsJsonAsync("/api/account/login", new { name, password = ChatAppFactory.Password });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["accessToken", "expiresIn", "refreshToken", "tokenType", "user"], Keys(body));
        Assert.Equal("Bearer", body.GetProperty("tokenType").GetString());
        Assert.Equal(3600, body.GetProperty("expiresIn").GetInt64());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("accessToken").GetString()));
        Assert.False(string.IsNullOrEmpty(body.GetProperty("refreshToken").GetString()));
        Assert.NotEqual(body.GetProperty("accessToken").GetString(), body.GetProperty("refreshToken").GetString());
        Assert.Equal(["id", "name"], Keys(body.GetProperty("user")));
        Assert.Equal((id, name), (body.GetProperty("user").GetProperty("id").GetInt32(), body.GetProperty("user").GetProperty("name").GetString()));
    }

    [Fact]
    public async Task UnknownNameAndWrongPasswordLookTheSame()
    {
        var name = ChatAppFactory.UniqueName("known");
        using var http = app.CreateHttpClient();
        await RegisterAsync(http, name, ChatAppFactory.Password);

        var wrongPassword = await http.PostAsJsonAsync("/api/account/login", new { name, password = "not the password at all" });
        var unknownName = await http.PostAsJsonAsync("/api/account/login", new { name = ChatAppFactory.UniqueName("nobody"), password = "not the password at all" });

        var wrong = await ProblemAsync(wrongPassword, HttpStatusCode.Unauthorized);
        var unknown = await ProblemAsync(unknownName, HttpStatusCode.Unauthorized);
        Assert.False(string.IsNullOrWhiteSpace(wrong.GetProperty("title").GetString()));
        Assert.Equal(Keys(wrong), Keys(unknown));
        foreach (var field in new[] { "type", "title", "status", "detail" })
        {
            Assert.Equal(Field(wrong, field), Field(unknown, field));
        }
    }

    [Fact]
    public async Task WrongPasswordsHoldBackTheirAddressButNeverLockTheOwnerOut()
    {
        var name = ChatAppFactory.UniqueName("guessed");
        using var http = app.CreateHttpClient();
        await RegisterAsync(http, name, ChatAppFactory.Password);
        var before = await LoginAsync(http, name, ChatAppFactory.Password);
        var bystander = await app.RegisterAndLoginAsync(ChatAppFactory.UniqueName("bystander"));

        var statuses = new List<HttpStatusCode>();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            statuses.Add((await LoginFromAsync(http, "192.0.2.10", name, $"wrong password {attempt}")).StatusCode);
        }

        var rightFromThere = await LoginFromAsync(http, "192.0.2.10", name, ChatAppFactory.Password);
        var rightFromElsewhere = await LoginFromAsync(http, "192.0.2.20", name, ChatAppFactory.Password);
        var refresh = await http.PostAsJsonAsync("/api/account/refresh", new { refreshToken = before.RefreshToken });
        var other = await LoginFromAsync(http, "192.0.2.10", bystander.User.Name, ChatAppFactory.Password);

        Assert.All(statuses.Take(3), status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        Assert.All(statuses.Skip(3), status => Assert.Equal(HttpStatusCode.TooManyRequests, status));
        await ProblemAsync(rightFromThere, HttpStatusCode.TooManyRequests);
        Assert.True(rightFromThere.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"Retry-After: {rightFromThere.Headers.RetryAfter}");
        Assert.Equal(HttpStatusCode.OK, rightFromElsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task ResponsesThatCarryTokensAreNeverCached()
    {
        var name = ChatAppFactory.UniqueName("nostore");
        using var http = app.CreateHttpClient();
        await RegisterAsync(http, name, ChatAppFactory.Password);

        var login = await http.PostAsJsonAsync("/api/account/login", new { name, password = ChatAppFactory.Password });
        var tokens = (await login.Content.ReadFromJsonAsync<TokenResponse>())!;
        var refresh = await http.PostAsJsonAsync("/api/account/refresh", new { refreshToken = tokens.RefreshToken });
        var wrong = await http.PostAsJsonAsync("/api/account/login", new { name, password = "not the password" });

        Assert.All(new[] { login, refresh, wrong }, response =>
        {
            Assert.True(response.Headers.CacheControl?.NoStore, $"{response.RequestMessage!.RequestUri}: Cache-Control {response.Headers.CacheControl}");
            Assert.Contains("no-cache", response.Headers.Pragma.Select(p => p.Name));
        });
    }

    [Fact]
    public async Task RefreshGivesNewWorkingTokens()
    {
        var name = ChatAppFactory.UniqueName("refresh");
        using var http = app.CreateHttpClient();
        var id = await RegisterAsync(http, name, ChatAppFactory.Password);
        var first = await LoginAsync(http, name, ChatAppFactory.Password);

        var response = await http.PostAsJsonAsync("/api/account/refresh", new { refreshToken = first.RefreshToken });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["accessToken", "expiresIn", "refreshToken", "tokenType", "user"], Keys(body));
        var renewed = body.Deserialize<TokenResponse>(JsonSerializerOptions.Web)!;
        Assert.Equal(("Bearer", 3600L, id, name), (renewed.TokenType, renewed.ExpiresIn, renewed.User.Id, renewed.User.Name));
        using var renewedHttp = app.CreateHttpClient(renewed.AccessToken);
        var me = await renewedHttp.GetFromJsonAsync<MeResponse>(MeRoute);
        Assert.Equal((id, name), (me!.Id, me.Name));
        var again = await http.PostAsJsonAsync("/api/account/refresh", new { refreshToken = renewed.RefreshToken });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("CfDJ8AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task GarbageRefreshTokenIsUnauthorized(string refreshToken)
    {
        using var http = app.CreateHttpClient();

        var response = await http.PostAsJsonAsync("/api/account/refresh", new { refreshToken });

        await ProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AccessTokenIsNotARefreshTokenNorTheOtherWayRound()
    {
        var user = await app.RegisterAndLoginAsync(ChatAppFactory.UniqueName("swap"));
        using var http = app.CreateHttpClient();
        using var withRefreshToken = app.CreateHttpClient(user.RefreshToken);

        var refresh = await http.PostAsJsonAsync("/api/account/refresh", new { refreshToken = user.AccessToken });
        var me = await withRefreshToken.GetAsync(MeRoute);

        await ProblemAsync(refresh, HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }

    [Fact]
    public async Task MeIsOfflineWithoutAConnectionAndOnlineWithOne()
    {
        await using var user = await app.UserAsync("me");

        var offline = await user.Http.GetAsync(MeRoute);
        await user.ConnectAsync();
        await user.SyncAsync();
        var online = await user.GetAsync<JsonElement>(MeRoute);

        Assert.Equal(HttpStatusCode.OK, offline.StatusCode);
        var body = await offline.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["id", "name", "state"], Keys(body));
        Assert.Equal((user.Id, user.Name, "offline"),
            (body.GetProperty("id").GetInt32(), body.GetProperty("name").GetString(), body.GetProperty("state").GetString()));
        Assert.Equal("online", online.GetProperty("state").GetString());
    }

    [Fact]
    public async Task MeTurnsOfflineWhenTheLastConnectionCloses()
    {
        await using var watcher = await app.ConnectedUserAsync("watcher");
        await using var user = await app.ConnectedUserAsync("leaver");
        await watcher.AddFriendAsync(user.Id);

        await user.Hub.StopAsync();
        await watcher.Presence.WaitAsync(p => p.UserId == user.Id && !p.Online);

        Assert.Equal("offline", (await user.GetAsync<MeResponse>(MeRoute)).State);
    }

    [Fact]
    public async Task MeWithoutTokenIsUnauthorized()
    {
        using var http = app.CreateHttpClient();

        var response = await http.GetAsync(MeRoute);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task TamperedTokenIsRefusedByRestAndHub()
    {
        var user = await app.RegisterAndLoginAsync(ChatAppFactory.UniqueName("tamper"));
        var tampered = Tamper(user.AccessToken);
        using var http = app.CreateHttpClient(tampered);
        await using var hub = app.CreateHubConnection(tampered);

        var me = await http.GetAsync(MeRoute);
        var connect = await Record.ExceptionAsync(() => hub.StartAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.NotNull(connect);
        Assert.Equal(HubConnectionState.Disconnected, hub.State);
    }

    [Fact]
    public async Task ExpiredTokenIsRefusedByRestAndHub()
    {
        var user = await app.RegisterAndLoginAsync(ChatAppFactory.UniqueName("expired"));
        var fresh = Reissue(user.AccessToken, DateTimeOffset.UtcNow.AddHours(1));
        var expired = Reissue(user.AccessToken, DateTimeOffset.UtcNow.AddMinutes(-1));
        using var freshHttp = app.CreateHttpClient(fresh);
        using var expiredHttp = app.CreateHttpClient(expired);
        await using var freshHub = app.CreateHubConnection(fresh);
        await using var expiredHub = app.CreateHubConnection(expired);

        var freshMe = await freshHttp.GetAsync(MeRoute);
        var expiredMe = await expiredHttp.GetAsync(MeRoute);
        await freshHub.StartAsync();
        var connect = await Record.ExceptionAsync(() => expiredHub.StartAsync());

        Assert.Equal(HttpStatusCode.OK, freshMe.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, expiredMe.StatusCode);
        Assert.Equal(HubConnectionState.Connected, freshHub.State);
        Assert.NotNull(connect);
        Assert.Equal(HubConnectionState.Disconnected, expiredHub.State);
    }

    [Fact]
    public async Task TokenFromAForeignKeyRingIsRefused()
    {
        var user = await app.RegisterAndLoginAsync(ChatAppFactory.UniqueName("foreign"));
        var ownKeys = Protect(app.Services.GetRequiredService<IDataProtectionProvider>(), user.AccessToken);
        var foreignKeys = Protect(new EphemeralDataProtectionProvider(), user.AccessToken);
        using var ownHttp = app.CreateHttpClient(ownKeys);
        using var foreignHttp = app.CreateHttpClient(foreignKeys);
        await using var foreignHub = app.CreateHubConnection(foreignKeys);

        var own = await ownHttp.GetAsync(MeRoute);
        var foreign = await foreignHttp.GetAsync(MeRoute);
        var connect = await Record.ExceptionAsync(() => foreignHub.StartAsync());

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, foreign.StatusCode);
        Assert.NotNull(connect);
        Assert.Equal(HubConnectionState.Disconnected, foreignHub.State);
    }

    [Fact]
    public async Task HubRefusesAConnectionWithoutToken()
    {
        await using var hub = app.CreateHubConnection(null);

        var connect = await Record.ExceptionAsync(() => hub.StartAsync());

        Assert.NotNull(connect);
        Assert.Contains("401", connect.Message);
        Assert.Equal(HubConnectionState.Disconnected, hub.State);
    }

    [Theory]
    [InlineData("seven77")]
    [InlineData("password1")]
    [InlineData("PASSWORD1")]
    [InlineData("12345678")]
    public async Task WeakPasswordIsRefused(string password)
    {
        var name = ChatAppFactory.UniqueName("weak");
        using var http = app.CreateHttpClient();

        var response = await http.PostAsJsonAsync("/api/account/register", new { name, password });

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("password", out _));
        Assert.Empty(await SearchAsync(name));
    }

    [Theory]
    [InlineData("eightchr")]
    [InlineData("onlylowercaselettersandnothingelse")]
    [InlineData("a sixty-four character passphrase with spaces, commas and more..")]
    [InlineData("Größe Äpfel — 🍎 часы ナイト zażółć")]
    [InlineData("  spaces around  ")]
    public async Task PasswordOfEightOrMoreAnyCharactersIsAcceptedAndWorksUnchanged(string password)
    {
        var name = ChatAppFactory.UniqueName("strong");
        using var http = app.CreateHttpClient();

        var registered = await http.PostAsJsonAsync("/api/account/register", new { name, password });
        var login = await http.PostAsJsonAsync("/api/account/login", new { name, password });
        var altered = await http.PostAsJsonAsync("/api/account/login", new { name, password = password.Trim() == password ? password[..^1] : password.Trim() });

        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, altered.StatusCode);
    }

    [Fact]
    public async Task ExtraFieldsAtRegistrationDoNotMakeAnAdmin()
    {
        await using var owner = await app.UserAsync("owner");
        var group = await CreateGroupAsync(owner.Http, ChatAppFactory.UniqueName("owned"));
        var name = ChatAppFactory.UniqueName("climber");
        using var http = app.CreateHttpClient();

        var registered = await PostRawAsync(http, "/api/account/register",
            JsonSerializer.Serialize(new { name, password = ChatAppFactory.Password, role = "admin", isAdmin = true, roles = new[] { "admin" } }));
        var tokens = await LoginAsync(http, name, ChatAppFactory.Password);
        using var climber = app.CreateHttpClient(tokens.AccessToken);
        var put = await PutRawAsync(climber, $"/api/groups/{group}",
            JsonSerializer.Serialize(new { name = "taken over", description = "", role = "admin", isAdmin = true }));
        var delete = await climber.DeleteAsync($"/api/groups/{group}");

        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        Assert.Equal(["id", "name"], Keys(await registered.Content.ReadFromJsonAsync<JsonElement>()));
        await ProblemAsync(put, HttpStatusCode.Forbidden);
        await ProblemAsync(delete, HttpStatusCode.Forbidden);
        Assert.NotEqual("taken over", (await owner.GetAsync<WireGroup>($"/api/groups/{group}")).Name);
    }

    [Theory]
    [InlineData("/api/account/register", "{\"name\": \"x\", ")]
    [InlineData("/api/account/register", "{\"name\": 5, \"password\": 5}")]
    [InlineData("/api/account/register", "{\"name\": NaN, \"password\": \"correct horse battery\"}")]
    [InlineData("/api/account/register", "{\"name\": \"someone\", \"password\": 1e999}")]
    [InlineData("/api/account/register", "null")]
    [InlineData("/api/account/register", "[1,2]")]
    [InlineData("/api/account/register", "\"just a string\"")]
    [InlineData("/api/account/register", "")]
    [InlineData("/api/account/login", "{\"name\": \"x\", ")]
    [InlineData("/api/account/login", "{\"name\": 5, \"password\": true}")]
    [InlineData("/api/account/login", "null")]
    [InlineData("/api/account/login", "[1,2]")]
    [InlineData("/api/account/refresh", "{\"refreshToken\": ")]
    [InlineData("/api/account/refresh", "{\"refreshToken\": 5}")]
    [InlineData("/api/account/refresh", "{\"refreshToken\": null}")]
    [InlineData("/api/account/refresh", "null")]
    [InlineData("/api/account/refresh", "[1,2]")]
    [InlineData("/api/groups", "{\"name\": ")]
    [InlineData("/api/groups", "{\"name\": 5, \"description\": []}")]
    [InlineData("/api/groups", "{\"name\": null}")]
    [InlineData("/api/groups", "null")]
    [InlineData("/api/groups", "[1,2]")]
    [InlineData("/api/groups", "{\"name\": \"first\", \"name\": \"second\", \"description\": \"\"}")]
    [InlineData("/api/account/login", "{\"name\": \"a\", \"password\": \"x\", \"password\": \"y\"}")]
    public async Task MalformedBodyIsABadRequestProblemNeverAServerError(string route, string json)
    {
        await using var user = await app.UserAsync("malformed");

        var response = await PostRawAsync(user.Http, route, json);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.DoesNotContain("Exception", problem.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABodyLargerThanAnyRouteNeedsIsRefusedUnread()
    {
        await using var user = await app.UserAsync("large");
        var json = $"{{\"name\": \"big\", \"description\": \"{new string('x', 100 * 1024)}\"}}";

        var response = await PostRawAsync(user.Http, "/api/groups", json);
        var stored = await user.Http.GetFromJsonAsync<WireGroupPage>("/api/groups?name=big");

        await ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, stored!.Total);
    }

    private string Reissue(string accessToken, DateTimeOffset expires)
    {
        var bearer = app.Services.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(IdentityConstants.BearerScheme);
        var ticket = bearer.BearerTokenProtector.Unprotect(accessToken)!;
        return bearer.BearerTokenProtector.Protect(
            new AuthenticationTicket(ticket.Principal, new AuthenticationProperties { ExpiresUtc = expires }, ticket.AuthenticationScheme));
    }

    private string Protect(IDataProtectionProvider keys, string accessToken)
    {
        var bearer = app.Services.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(IdentityConstants.BearerScheme);
        var ticket = bearer.BearerTokenProtector.Unprotect(accessToken)!;
        var format = new TicketDataFormat(keys.CreateProtector(
            "Microsoft.AspNetCore.Authentication.BearerToken", IdentityConstants.BearerScheme, "BearerToken"));
        return format.Protect(new AuthenticationTicket(ticket.Principal,
            new AuthenticationProperties { ExpiresUtc = DateTimeOffset.UtcNow.AddHours(1) }, ticket.AuthenticationScheme));
    }

    private static string Tamper(string token)
    {
        var chars = token.ToCharArray();
        var middle = chars.Length / 2;
        chars[middle] = chars[middle] == 'A' ? 'B' : 'A';
        return new string(chars);
    }

    private async Task<List<UserFound>> SearchAsync(string name)
    {
        await using var searcher = await app.UserAsync("searcher");
        return (await searcher.GetAsync<List<UserFound>>($"/api/users?name={Uri.EscapeDataString(name)}"))
            .Where(u => string.Equals(u.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
    }

    private static async Task<int> CreateGroupAsync(HttpClient http, string name)
    {
        var response = await http.PostAsJsonAsync("/api/groups", new { name, description = "" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<WireGroup>())!.Id;
    }

    private static async Task<int> RegisterAsync(HttpClient http, string name, string password)
    {
        var response = await http.PostAsJsonAsync("/api/account/register", new { name, password });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<UserRef>())!.Id;
    }

    private static async Task<TokenResponse> LoginAsync(HttpClient http, string name, string password)
    {
        var response = await http.PostAsJsonAsync("/api/account/login", new { name, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<TokenResponse>())!;
    }

    private static Task<HttpResponseMessage> LoginFromAsync(HttpClient http, string address, string name, string password)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/account/login") { Content = JsonContent.Create(new { name, password }) };
        request.Headers.Add("X-Forwarded-For", address);
        return http.SendAsync(request);
    }

    private static Task<HttpResponseMessage> PostRawAsync(HttpClient http, string route, string json) =>
        http.PostAsync(route, new StringContent(json, Encoding.UTF8, "application/json"));

    private static Task<HttpResponseMessage> PutRawAsync(HttpClient http, string route, string json) =>
        http.PutAsync(route, new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    private static string? Field(JsonElement problem, string name) =>
        problem.TryGetProperty(name, out var value) ? value.GetRawText() : null;

    private static string[] Keys(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];
}

[Trait("Database", "Sqlite")]
public sealed class SqliteAccountTests(SqliteChatApp app) : AccountTests(app), IClassFixture<SqliteChatApp>;

[Trait("Database", "MariaDb")]
public sealed class MariaDbAccountTests(MariaDbChatApp app) : AccountTests(app), IClassFixture<MariaDbChatApp>;
