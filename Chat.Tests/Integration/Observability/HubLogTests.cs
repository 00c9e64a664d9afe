using System.Net;
using System.Net.Http.Json;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;

namespace Chat.Tests.Integration.Observability;

/// <summary>What a node logs about refused and failed requests: refusals once at Information, without a stack
/// trace or anything the client sent; failures at Error with their stack trace; every line names its user.</summary>
[Trait("Database", "Sqlite")]
public sealed class HubLogTests(LoggedChatApp app) : IClassFixture<LoggedChatApp>
{
    [Fact]
    public async Task ARefusedSendDirectLogsOneInformationLineWithoutStackTraceOrText()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var stranger = await app.UserAsync("stranger");
        const string text = "a private text that no log may show";

        await Assert.ThrowsAsync<HubException>(() => alice.SendDirectAsync(stranger.Id, text));

        var refusal = await app.Logs.Entries.WaitAsync(e => OfUser(e, alice) && e.Message.StartsWith("SendDirect refused", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Information, refusal.Level);
        Assert.Null(refusal.Exception);
        Assert.Contains("friend", refusal.Message);
        Assert.Single(app.Logs.Entries.Items, e => OfUser(e, alice) && e.Message.Contains("SendDirect", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs.Entries.Items, e => e.AllText.Contains(text, StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs.Entries.Items, e => OfUser(e, alice) && e.Level >= LogLevel.Warning);
    }

    [Theory]
    [InlineData("SendDirectAsAdmin", "An unknown method refused: Method does not exist.")]
    [InlineData("SendDirect", "SendDirect refused:")]
    public async Task ACallSignalRCannotBindLogsOneInformationLine(string method, string expected)
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        const string text = "arguments of a call that cannot be bound";

        await Assert.ThrowsAsync<HubException>(() => alice.Hub.InvokeAsync<WireMessage>(method, "not a user id", text, "id"));

        var refusal = await app.Logs.Entries.WaitAsync(e => OfUser(e, alice) && e.Message.StartsWith(expected, StringComparison.Ordinal));
        Assert.Equal(LogLevel.Information, refusal.Level);
        Assert.Null(refusal.Exception);
        Assert.Single(app.Logs.Entries.Items, e => OfUser(e, alice) && e.Message.Contains("refused", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs.Entries.Items, e => e.AllText.Contains(text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnUnexpectedFailureLogsAnErrorWithItsStackTrace()
    {
        await using var alice = await app.ConnectedUserAsync("alice");

        var error = await Assert.ThrowsAsync<HubException>(() => alice.Hub.InvokeAsync(LoggedChatApp.FailingMethod, alice.Id, null));

        var failure = await app.Logs.Entries.WaitAsync(e => OfUser(e, alice) && e.Level == LogLevel.Error);
        Assert.Equal($"{LoggedChatApp.FailingMethod} failed", failure.Message);
        Assert.IsType<InvalidOperationException>(failure.Exception);
        Assert.NotNull(failure.Exception.StackTrace);
        Assert.DoesNotContain("A bug", error.Message);
        Assert.Single(app.Logs.Entries.Items, e => OfUser(e, alice) && e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task HubLogLinesNameTheUserAndTheirConnection()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var aliceSecondTab = await alice.AnotherConnectionAsync();
        await using var stranger = await app.UserAsync("stranger");

        await Assert.ThrowsAsync<HubException>(() => alice.SendDirectAsync(stranger.Id, "first tab"));
        await Assert.ThrowsAsync<HubException>(() => aliceSecondTab.SendDirectAsync(stranger.Id, "second tab"));

        var refusals = await app.Logs.Entries.WaitForCountAsync(2, e => OfUser(e, alice) && e.Message.StartsWith("SendDirect refused", StringComparison.Ordinal));
        var connections = refusals.Select(e => e.Scope("TransportConnectionId") as string).ToList();
        Assert.All(connections, id => Assert.False(string.IsNullOrEmpty(id)));
        Assert.Equal(2, connections.Distinct().Count());
    }

    [Fact]
    public async Task ARefusedRestRequestLogsOneInformationLineWithItsUser()
    {
        await using var alice = await app.UserAsync("alice");

        using var response = await alice.Http.GetAsync("/api/groups/987654321");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var refusal = await app.Logs.Entries.WaitAsync(e => OfUser(e, alice) && e.Message.StartsWith("GET /api/groups/{id:int} refused with 404", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Information, refusal.Level);
        Assert.Null(refusal.Exception);
    }

    [Fact]
    public async Task AnUnreadableBodyLogsOneRefusalAndNoError()
    {
        using var http = app.CreateHttpClient();
        var name = ChatAppFactory.UniqueName("garbled");
        const string password = "a password that no log may show";

        using var response = await http.PostAsync("/api/account/login",
            new StringContent($$"""{"name":"{{name}}","password":"{{password}}" """, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var refusal = await app.Logs.Entries.WaitAsync(e => e.Message.StartsWith("POST /api/account/login refused with 400", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Information, refusal.Level);
        Assert.DoesNotContain(app.Logs.Entries.Items, e => e.Level >= LogLevel.Error && e.Exception is BadHttpRequestException);
        Assert.DoesNotContain(app.Logs.Entries.Items, e => e.AllText.Contains(password, StringComparison.Ordinal) || e.AllText.Contains(name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoIssuedTokenOrPasswordAppearsInAnyLog()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        using var anonymous = app.CreateHttpClient();
        var wrongPassword = await anonymous.PostAsJsonAsync("/api/account/login", new { name = alice.Name, password = "a wrong password" });
        var refreshed = await anonymous.PostAsJsonAsync("/api/account/refresh", new { alice.Tokens.RefreshToken });
        var tokens = (await refreshed.Content.ReadFromJsonAsync<TokenResponse>())!;
        await using var connectedAgain = await new ChatClient(app, tokens).ConnectAsync();

        await Assert.ThrowsAsync<HubException>(() => connectedAgain.SendDirectAsync(alice.Id + 1_000_000, "to nobody"));

        await app.Logs.Entries.WaitAsync(e => OfUser(e, alice) && e.Message.StartsWith("SendDirect refused", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        string[] secrets = [ChatAppFactory.Password, "a wrong password", alice.Tokens.AccessToken, alice.Tokens.RefreshToken, tokens.AccessToken, tokens.RefreshToken];
        Assert.DoesNotContain(app.Logs.Entries.Items, e => secrets.Any(s => e.AllText.Contains(s, StringComparison.Ordinal)));
    }

    private static bool OfUser(LogEntry entry, ChatClient user) => entry.Scope("UserId") is int id && id == user.Id;
}
