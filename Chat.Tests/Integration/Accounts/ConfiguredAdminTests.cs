using System.Net;
using System.Net.Http.Json;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Chat.Tests.Integration.Accounts;

/// <summary>Configuration grants the admin role only to accounts that existed when the node started:
/// a configured name registered later (in any letter case) gets nothing, and the node says so.</summary>
public abstract class ConfiguredAdminTests(ChatAppFactory app, CapturedLogs logs, ITestOutputHelper output)
{
    public const string LateName = "late-admin";
    public const string OtherName = "other-admin";
    public const string CaseVariantOfSeeded = "SITE-ADMIN";

    [Fact]
    public async Task AConfiguredNameRegisteredAfterStartGetsNoAdminRoleInAnyLetterCase()
    {
        await using var owner = await app.UserAsync("owner");
        var group = await owner.Http.PostAsJsonAsync("/api/groups", new { name = ChatAppFactory.UniqueName("owned"), description = "" });
        var groupId = (await group.Content.ReadFromJsonAsync<WireGroup>())!.Id;
        var seeded = await app.LoginAsync(ChatAppFactory.AdminName);

        var late = await app.RegisterAndLoginAsync(LateName);
        var variant = await app.RegisterAndLoginAsync(OtherName.ToUpperInvariant());
        var latePut = await PutAsync(late, groupId);
        var variantPut = await PutAsync(variant, groupId);
        var seededPut = await PutAsync(seeded, groupId);
        var variantDelete = await DeleteAsync(variant, groupId);

        output.WriteLine($"S13 late admin ({app.ProviderName}): latePut={(int)latePut} variantPut={(int)variantPut} variantDelete={(int)variantDelete} seededPut={(int)seededPut}");
        Assert.Equal(HttpStatusCode.Forbidden, latePut);
        Assert.Equal(HttpStatusCode.Forbidden, variantPut);
        Assert.Equal(HttpStatusCode.Forbidden, variantDelete);
        Assert.Equal(HttpStatusCode.OK, seededPut);
        var lateWarning = await logs.Entries.WaitAsync(e => e.Level == LogLevel.Warning && e.Message.Contains($"'{LateName}'", StringComparison.Ordinal) && e.Message.Contains("registered after", StringComparison.Ordinal));
        var variantWarning = await logs.Entries.WaitAsync(e => e.Level == LogLevel.Warning && e.Message.Contains($"'{OtherName.ToUpperInvariant()}'", StringComparison.Ordinal));
        var startWarnings = logs.Entries.Items.Where(e => e.Level == LogLevel.Warning && e.Message.Contains("Accounts:Admins names", StringComparison.Ordinal)).ToList();
        Assert.Contains(startWarnings, e => e.Message.Contains($"'{LateName}' but no such account exists", StringComparison.Ordinal));
        Assert.Contains(startWarnings, e => e.Message.Contains($"'{OtherName}' but no such account exists", StringComparison.Ordinal));
        Assert.Contains(startWarnings, e => e.Message.Contains($"'{CaseVariantOfSeeded}' but no such account exists", StringComparison.Ordinal));
        Assert.DoesNotContain(startWarnings, e => e.Message.Contains($"'{ChatAppFactory.AdminName}'", StringComparison.Ordinal));
        Assert.Contains("Accounts:Admins", lateWarning.Message, StringComparison.Ordinal);
        Assert.Contains("Accounts:Admins", variantWarning.Message, StringComparison.Ordinal);
    }

    private async Task<HttpStatusCode> PutAsync(TokenResponse user, int groupId)
    {
        using var http = app.CreateHttpClient(user.AccessToken);
        return (await http.PutAsJsonAsync($"/api/groups/{groupId}", new { name = ChatAppFactory.UniqueName("renamed"), description = "" })).StatusCode;
    }

    private async Task<HttpStatusCode> DeleteAsync(TokenResponse user, int groupId)
    {
        using var http = app.CreateHttpClient(user.AccessToken);
        return (await http.DeleteAsync($"/api/groups/{groupId}")).StatusCode;
    }

    internal static void Configure(ChatAppFactory app)
    {
        app.Set("Accounts:Admins:1", LateName);
        app.Set("Accounts:Admins:2", OtherName);
        app.Set("Accounts:Admins:3", CaseVariantOfSeeded);
    }
}

public sealed class SqliteLateAdminApp : SqliteChatApp
{
    public SqliteLateAdminApp() => ConfiguredAdminTests.Configure(this);

    public CapturedLogs Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }
}

public sealed class MariaDbLateAdminApp : MariaDbChatApp
{
    public MariaDbLateAdminApp() => ConfiguredAdminTests.Configure(this);

    public CapturedLogs Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }
}

[Trait("Database", "Sqlite")]
public sealed class SqliteConfiguredAdminTests(SqliteLateAdminApp app, ITestOutputHelper output)
    : ConfiguredAdminTests(app, app.Logs, output), IClassFixture<SqliteLateAdminApp>;

[Trait("Database", "MariaDb")]
public sealed class MariaDbConfiguredAdminTests(MariaDbLateAdminApp app, ITestOutputHelper output)
    : ConfiguredAdminTests(app, app.Logs, output), IClassFixture<MariaDbLateAdminApp>;
