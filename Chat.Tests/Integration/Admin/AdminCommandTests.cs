using System.Net;
using Chat.Tests.Infrastructure;
using Chat.Tests.Infrastructure.Cluster;

namespace Chat.Tests.Integration.Admin;

/// <summary><c>dotnet Chat.Server.dll admin grant|revoke NAME</c>, run as an operator would, against the database
/// of a running node.</summary>
[Trait("Database", "Sqlite")]
public sealed class AdminCommandTests(SqliteChatApp app) : IClassFixture<SqliteChatApp>
{
    private async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var output = new EventLog<string>();
        await using var command = ChildProcess.Start("dotnet",
            [RepoPaths.ServerDll, .. args, "--Database:Provider", app.ProviderName, "--ConnectionStrings:Chat", app.ConnectionString],
            workingDirectory: RepoPaths.ServerDirectory, output: output);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await command.WaitForExitAsync(timeout.Token);
        return (command.ExitCode, string.Join('\n', output.Items));
    }

    private async Task<HttpStatusCode> AdminRouteAsync(TokenResponse tokens)
    {
        using var http = app.CreateHttpClient(tokens.AccessToken);
        return (await http.GetAsync("/api/admin/users")).StatusCode;
    }

    [Fact]
    public async Task GrantGivesTheRoleAtTheNextSignInAndRevokeTakesItBackWithEverySession()
    {
        var name = ChatAppFactory.UniqueName("operator");
        var before = await app.RegisterAndLoginAsync(name);

        var granted = await RunAsync("admin", "grant", name);

        Assert.True(granted.ExitCode == 0, granted.Output);
        Assert.Contains($"'{name}' is an admin", granted.Output);
        Assert.Equal(HttpStatusCode.Forbidden, await AdminRouteAsync(before));
        var admin = await app.LoginAsync(name);
        Assert.Equal(HttpStatusCode.OK, await AdminRouteAsync(admin));

        var revoked = await RunAsync("admin", "revoke", name);

        Assert.True(revoked.ExitCode == 0, revoked.Output);
        Assert.Equal(HttpStatusCode.Unauthorized, await AdminRouteAsync(admin));
        Assert.Equal(HttpStatusCode.Forbidden, await AdminRouteAsync(await app.LoginAsync(name)));
    }

    [Fact]
    public async Task AnUnknownOrCaseVariantNameFailsAndAWrongCommandShowsTheUsage()
    {
        var name = ChatAppFactory.UniqueName("exact");
        await app.RegisterAndLoginAsync(name);

        var unknown = await RunAsync("admin", "grant", "nobody-by-this-name");
        var variant = await RunAsync("admin", "grant", name.ToUpperInvariant());
        var wrong = await RunAsync("admin", "promote", name);

        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no account named", unknown.Output);
        Assert.Equal(1, variant.ExitCode);
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("usage: dotnet Chat.Server.dll admin grant|revoke NAME", wrong.Output);
        Assert.Equal(HttpStatusCode.Forbidden, await AdminRouteAsync(await app.LoginAsync(name)));
    }
}
