using System.Net;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Chat.Tests.Integration.Security;

/// <summary>S1 on one node: no bad token opens the hub or a REST route. Cross-node and after-restart acceptance
/// is in ClusterTests.</summary>
[Trait("Database", "Sqlite")]
public sealed class TokenTests(SqliteChatApp app, ITestOutputHelper output) : IClassFixture<SqliteChatApp>
{
    [Fact]
    public async Task NoBadTokenIsAcceptedAtConnectOrByRest()
    {
        var user = await app.RegisterAndLoginAsync(ChatAppFactory.UniqueName("holder"));
        var bad = new Dictionary<string, string?>
        {
            ["none"] = null,
            ["empty"] = "",
            ["garbage"] = "not-a-token",
            ["expired"] = Reissue(user.AccessToken, app.Services.GetRequiredService<IDataProtectionProvider>(), DateTimeOffset.UtcNow.AddSeconds(-1)),
            ["tampered"] = Tamper(user.AccessToken),
            ["truncated"] = user.AccessToken[..^4],
            ["foreignKey"] = Reissue(user.AccessToken, new EphemeralDataProtectionProvider(), DateTimeOffset.UtcNow.AddHours(1)),
            ["refreshAsAccess"] = user.RefreshToken,
        };

        var good = await AcceptedAsync(user.AccessToken);
        var accepted = new List<string>();
        foreach (var (kind, token) in bad)
        {
            var (rest, hub, query) = await AcceptedAsync(token);
            accepted.AddRange(new[] { ("rest", rest), ("hub", hub), ("hubQuery", query) }.Where(a => a.Item2).Select(a => $"{kind}/{a.Item1}"));
        }

        output.WriteLine($"S1 tokens: bad={bad.Count} tries={bad.Count * 3} badAccepted={accepted.Count} " +
            $"good={(good is (true, true, true) ? "accepted" : "refused")}" + string.Concat(accepted.Select(a => " " + a)));
        Assert.Empty(accepted);
        Assert.Equal((true, true, true), good);
    }

    /// <summary>Whether GET /me answers 200, the SignalR client connects with the token in the header, and a
    /// raw WebSocket connects with it in the query string as the browser sends it.</summary>
    private async Task<(bool ByRest, bool ByHub, bool InQuery)> AcceptedAsync(string? token)
    {
        using var http = app.CreateHttpClient();
        if (token is not null)
        {
            http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"Bearer {token}");
        }

        using var me = await http.GetAsync("/api/account/me");
        Assert.True(me.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized, $"GET /me answered {(int)me.StatusCode}");
        await using var hub = app.CreateHubConnection(token);
        var connected = await Record.ExceptionAsync(() => hub.StartAsync()) is null && hub.State == HubConnectionState.Connected;
        var query = false;
        try
        {
            await using var raw = await RawHub.ConnectAsync(app.BaseAddress, token ?? "");
            query = raw.IsOpen;
        }
        catch (System.Net.WebSockets.WebSocketException)
        {
            // Refused at the upgrade (401).
        }

        return (me.StatusCode == HttpStatusCode.OK, connected, query);
    }

    /// <summary>The same user's ticket, protected with <paramref name="keys"/> and expiring at <paramref name="expires"/>.</summary>
    private string Reissue(string accessToken, IDataProtectionProvider keys, DateTimeOffset expires)
    {
        var bearer = app.Services.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(IdentityConstants.BearerScheme);
        var ticket = bearer.BearerTokenProtector.Unprotect(accessToken)!;
        var format = new TicketDataFormat(keys.CreateProtector(
            "Microsoft.AspNetCore.Authentication.BearerToken", IdentityConstants.BearerScheme, "BearerToken"));
        return format.Protect(new AuthenticationTicket(ticket.Principal,
            new AuthenticationProperties { ExpiresUtc = expires }, ticket.AuthenticationScheme));
    }

    private static string Tamper(string token)
    {
        var chars = token.ToCharArray();
        var middle = chars.Length / 2;
        chars[middle] = chars[middle] == 'A' ? 'B' : 'A';
        return new string(chars);
    }
}
