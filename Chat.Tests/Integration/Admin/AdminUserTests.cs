using System.Net;
using System.Net.Http.Json;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Chat.Tests.Integration.Admin;

/// <summary>An admin lists, disables, enables and resets accounts; nobody else can, and a disabled or reset
/// account has no session left anywhere.</summary>
public abstract class AdminUserTests(ChatAppFactory app)
{
    private static readonly TimeSpan Closing = TimeSpan.FromSeconds(2);

    private async Task<HttpClient> AdminAsync() => app.CreateHttpClient((await app.LoginAsync(ChatAppFactory.AdminName)).AccessToken);

    private static Task<HttpResponseMessage> SetDisabledAsync(HttpClient admin, int userId, bool disabled) =>
        admin.PutAsJsonAsync($"/api/admin/users/{userId}/disabled", new { disabled });

    [Fact]
    public async Task AdminsListAndSearchAccountsNewestFirstAPageAtATime()
    {
        using var admin = await AdminAsync();
        var tag = $"t{Guid.NewGuid():N}"[..10];
        var created = new List<TokenResponse>();
        foreach (var suffix in new[] { "a", "b", "c" })
        {
            created.Add(await app.RegisterAndLoginAsync($"{tag}-{suffix}"));
        }

        await using var online = await new ChatClient(app, created[2]).ConnectAsync();

        var first = await admin.GetFromJsonAsync<WireAdminUserPage>($"/api/admin/users?name={tag.ToUpperInvariant()}&pageSize=2");
        var second = await admin.GetFromJsonAsync<WireAdminUserPage>($"/api/admin/users?name={tag}&pageSize=2&page=2");
        var beyond = await admin.GetFromJsonAsync<WireAdminUserPage>($"/api/admin/users?name={tag}&pageSize=2&page=3");
        var self = (await admin.GetFromJsonAsync<WireAdminUserPage>($"/api/admin/users?name={ChatAppFactory.AdminName}"))!.Items.Single();

        Assert.Equal((3, 3, 3), (first!.Total, second!.Total, beyond!.Total));
        Assert.Equal([$"{tag}-c", $"{tag}-b"], first.Items.Select(u => u.Name));
        Assert.Equal([$"{tag}-a"], second.Items.Select(u => u.Name));
        Assert.Empty(beyond.Items);
        var newest = first.Items[0];
        Assert.Equal((created[2].User.Id, true, false, false), (newest.Id, newest.Online, newest.Admin, newest.Disabled));
        Assert.NotNull(newest.LastSeenAt);
        Assert.Null(second.Items[0].LastSeenAt);
        Assert.Equal(DateTimeKind.Utc, newest.CreatedAt.Kind);
        Assert.True(self.Admin);
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("pageSize=0")]
    [InlineData("pageSize=201")]
    public async Task APageOutsideItsRangeIsAValidationProblem(string query)
    {
        using var admin = await AdminAsync();

        var response = await admin.GetAsync($"/api/admin/users?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.Content.ReadFromJsonAsync<ValidationProblemDetails>())!.Errors);
    }

    [Fact]
    public async Task OnlyAdminsReachTheAdminRoutesAndARefusedCallChangesNothing()
    {
        await using var member = await app.UserAsync("member");
        await using var victim = await app.UserAsync("victim");
        using var anonymous = app.CreateHttpClient();
        var calls = new Func<HttpClient, Task<HttpResponseMessage>>[]
        {
            http => http.GetAsync("/api/admin/users"),
            http => SetDisabledAsync(http, victim.Id, true),
            http => http.PutAsJsonAsync($"/api/admin/users/{victim.Id}/password", new { password = "a new password of mine" }),
        };

        foreach (var call in calls)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await call(anonymous)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await call(member.Http)).StatusCode);
        }

        // Still enabled, with the old password, and the session still current.
        await app.LoginAsync(victim.Name);
        Assert.Equal(HttpStatusCode.OK, (await victim.Http.GetAsync("/api/account/me")).StatusCode);
    }

    [Fact]
    public async Task DisablingClosesEveryConnectionRefusesEveryTokenAndLoginSaysWhyUntilEnabledAgain()
    {
        using var admin = await AdminAsync();
        await using var user = await app.ConnectedUserAsync("disabled");
        await using var otherTab = await user.AnotherConnectionAsync();

        var disabled = await SetDisabledAsync(admin, user.Id, true);

        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.True((await disabled.Content.ReadFromJsonAsync<WireAdminUser>())!.Disabled);
        await user.Closed.WaitAsync(_ => true, Closing);
        await otherTab.Closed.WaitAsync(_ => true, Closing);
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.Http.GetAsync("/api/account/me")).StatusCode);
        using var anonymous = app.CreateHttpClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/account/refresh", new { user.Tokens.RefreshToken })).StatusCode);
        var login = await anonymous.PostAsJsonAsync("/api/account/login", new { name = user.Name, password = ChatAppFactory.Password });
        Assert.Equal(HttpStatusCode.Forbidden, login.StatusCode);
        Assert.Equal("This account is disabled.", (await login.Content.ReadFromJsonAsync<ProblemDetails>())!.Title);
        // A wrong password is answered as for anyone: the state of the account is not given away.
        var wrong = await anonymous.PostAsJsonAsync("/api/account/login", new { name = user.Name, password = "not the password at all" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);

        var enabled = await SetDisabledAsync(admin, user.Id, false);
        Assert.False((await enabled.Content.ReadFromJsonAsync<WireAdminUser>())!.Disabled);
        await app.LoginAsync(user.Name);
    }

    [Fact]
    public async Task APasswordResetEndsEverySessionAndOnlyTheNewPasswordSignsIn()
    {
        using var admin = await AdminAsync();
        await using var user = await app.ConnectedUserAsync("reset");
        const string NewPassword = "reset by the admin today";

        var weak = await admin.PutAsJsonAsync($"/api/admin/users/{user.Id}/password", new { password = "short" });
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Contains("password", (await weak.Content.ReadFromJsonAsync<ValidationProblemDetails>())!.Errors.Keys);
        Assert.Equal(HttpStatusCode.OK, (await user.Http.GetAsync("/api/account/me")).StatusCode);

        var reset = await admin.PutAsJsonAsync($"/api/admin/users/{user.Id}/password", new { password = NewPassword });

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        await user.Closed.WaitAsync(_ => true, Closing);
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.Http.GetAsync("/api/account/me")).StatusCode);
        using var anonymous = app.CreateHttpClient();
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await anonymous.PostAsJsonAsync("/api/account/login", new { name = user.Name, password = ChatAppFactory.Password })).StatusCode);
        await app.LoginAsync(user.Name, NewPassword);
    }

    [Fact]
    public async Task AnUnknownAccountIsNotFoundAndAMissingFieldIsAValidationProblem()
    {
        using var admin = await AdminAsync();
        await using var user = await app.UserAsync("fields");

        Assert.Equal(HttpStatusCode.NotFound, (await SetDisabledAsync(admin, int.MaxValue, true)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await admin.PutAsJsonAsync($"/api/admin/users/{int.MaxValue}/password", new { password = "a long enough password" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync($"/api/admin/users/{user.Id}/disabled", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await user.Http.GetAsync("/api/account/me")).StatusCode);
    }
}

[Trait("Database", "Sqlite")]
public sealed class SqliteAdminUserTests(SqliteChatApp app) : AdminUserTests(app), IClassFixture<SqliteChatApp>;

[Trait("Database", "MariaDb")]
public sealed class MariaDbAdminUserTests(MariaDbChatApp app) : AdminUserTests(app), IClassFixture<MariaDbChatApp>;
