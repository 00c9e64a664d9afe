using System.Net;
using System.Net.Http.Json;
using Chat.Tests.Infrastructure;

namespace Chat.Tests.Integration.Accounts;

/// <summary>A node whose account settings differ from the defaults.</summary>
public sealed class AccountSettingsChatApp : SqliteChatApp
{
    public const int RequestsPerMinute = 4;
    public const int AccessTokenMinutes = 5;

    public AccountSettingsChatApp()
    {
        Set("Accounts:RequestsPerMinutePerAddress", RequestsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Set("Accounts:AccessTokenMinutes", AccessTokenMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary>The Accounts settings the README lists take effect: token lifetime and the per-address limit.</summary>
[Trait("Database", "Sqlite")]
public sealed class AccountSettingsTests(AccountSettingsChatApp app) : IClassFixture<AccountSettingsChatApp>
{
    [Fact]
    public async Task TheAccessTokenLifetimeAndThePerAddressLimitFollowTheSettings()
    {
        // Register and login: two of the minute's four requests.
        var tokens = await app.RegisterAndLoginAsync("settings");
        Assert.Equal(AccountSettingsChatApp.AccessTokenMinutes * 60, tokens.ExpiresIn);

        using var http = app.CreateHttpClient();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 3; i++)
        {
            var response = await http.PostAsJsonAsync("/api/account/login", new { name = "settings", password = ChatAppFactory.Password });
            statuses.Add(response.StatusCode);
            refused = response;
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.True(refused!.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "429 without Retry-After");
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
    }
}
