using System.Net;
using System.Net.Http.Json;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Chat.Tests.Integration.Accounts;

/// <summary>A user's own settings and password.</summary>
public abstract class SelfServiceTests(ChatAppFactory app)
{
    private const string NewPassword = "a brand new passphrase";

    [Fact]
    public async Task ReadReceiptsAreOnUntilTurnedOffAndABodyWithoutThemIsRefused()
    {
        await using var user = await app.UserAsync("settings");
        using var anonymous = app.CreateHttpClient();

        var before = await user.GetAsync<WireSettings>("/api/account/settings");
        var put = await user.Http.PutAsJsonAsync("/api/account/settings", new { readReceipts = false });
        var empty = await user.Http.PutAsJsonAsync("/api/account/settings", new { });

        Assert.True(before.ReadReceipts);
        Assert.Equal(new WireSettings(false), await put.Content.ReadFromJsonAsync<WireSettings>());
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.False((await user.GetAsync<WireSettings>("/api/account/settings")).ReadReceipts);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/account/settings")).StatusCode);
    }

    [Fact]
    public async Task AChangedPasswordGivesThisSessionNewTokensAndEndsEveryOtherSession()
    {
        await using var here = await app.ConnectedUserAsync("changer");
        await using var elsewhere = await new ChatClient(app, await app.LoginAsync(here.Name)).ConnectAsync();
        using var anonymous = app.CreateHttpClient();

        var changed = await here.Http.PutAsJsonAsync("/api/account/password", new { currentPassword = ChatAppFactory.Password, newPassword = NewPassword });

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var tokens = (await changed.Content.ReadFromJsonAsync<TokenResponse>())!;
        await elsewhere.Closed.WaitAsync(_ => true, TimeSpan.FromSeconds(2));
        Assert.Equal(HttpStatusCode.Unauthorized, (await elsewhere.Http.GetAsync("/api/account/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await anonymous.PostAsJsonAsync("/api/account/refresh", new { elsewhere.Tokens.RefreshToken })).StatusCode);
        // This session: its connection stays open, and its new tokens work.
        Assert.Equal(here.Id, (await here.SyncAsync()).Me.Id);
        Assert.Empty(here.Closed.Items);
        using var renewed = app.CreateHttpClient(tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await renewed.GetAsync("/api/account/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync("/api/account/refresh", new { tokens.RefreshToken })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await anonymous.PostAsJsonAsync("/api/account/login", new { name = here.Name, password = ChatAppFactory.Password })).StatusCode);
        await app.LoginAsync(here.Name, NewPassword);
    }

    [Fact]
    public async Task AWrongCurrentPasswordOrAWeakNewOneChangesNothing()
    {
        await using var user = await app.UserAsync("keeper");

        var wrong = await user.Http.PutAsJsonAsync("/api/account/password", new { currentPassword = "not my password", newPassword = NewPassword });
        var weak = await user.Http.PutAsJsonAsync("/api/account/password", new { currentPassword = ChatAppFactory.Password, newPassword = "short" });

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Contains("newPassword", (await weak.Content.ReadFromJsonAsync<ValidationProblemDetails>())!.Errors.Keys);
        Assert.Equal(HttpStatusCode.OK, (await user.Http.GetAsync("/api/account/me")).StatusCode);
        await app.LoginAsync(user.Name);
    }
}

[Trait("Database", "Sqlite")]
public sealed class SqliteSelfServiceTests(SqliteChatApp app) : SelfServiceTests(app), IClassFixture<SqliteChatApp>;

[Trait("Database", "MariaDb")]
public sealed class MariaDbSelfServiceTests(MariaDbChatApp app) : SelfServiceTests(app), IClassFixture<MariaDbChatApp>;
