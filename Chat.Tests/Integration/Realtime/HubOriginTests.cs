using System.Net;
using System.Net.WebSockets;
using Chat.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Chat.Tests.Integration.Realtime;

/// <summary>A node that also lets one partner site's pages open the hub, written as an operator might.</summary>
public sealed class PartnerOriginChatApp : SqliteChatApp
{
    public PartnerOriginChatApp() => Set("Hub:AllowedOrigins:0", "HTTPS://Partner.Example:443/");
}

/// <summary>S8, cross-site WebSocket hijacking: only pages of the node's own origin (scheme, host and port)
/// and the configured ones may open the hub; clients that send no Origin are not browsers and may.</summary>
[Trait("Database", "Sqlite")]
public sealed class HubOriginTests(PartnerOriginChatApp app, ITestOutputHelper output) : IClassFixture<PartnerOriginChatApp>
{
    private string Own => $"http://127.0.0.1:{app.BaseAddress.Port}";

    [Fact]
    public async Task S8OnlyTheNodesOwnOriginSchemeHostAndPortMayOpenTheHub()
    {
        var token = (await app.RegisterAndLoginAsync(ChatAppFactory.UniqueName("cswsh"))).AccessToken;
        string[] foreign = ["https://evil.example", "http://127.0.0.1.evil.example", "null", $"http://localhost.evil:{app.BaseAddress.Port}"];

        var foreignAccepted = 0;
        foreach (var origin in foreign)
        {
            foreignAccepted += await UpgradeAsync(token, origin) == HttpStatusCode.SwitchingProtocols ? 1 : 0;
        }

        var same = await UpgradeAsync(token, Own);
        var wrongScheme = await UpgradeAsync(token, $"https://127.0.0.1:{app.BaseAddress.Port}");
        var wrongPort = await UpgradeAsync(token, $"http://127.0.0.1:{(app.BaseAddress.Port == 1 ? 2 : app.BaseAddress.Port - 1)}");
        var noOrigin = await UpgradeAsync(token, null);

        output.WriteLine($"S8 cswsh: foreignAccepted={foreignAccepted} sameOriginAccepted={(same == HttpStatusCode.SwitchingProtocols ? 1 : 0)} " +
            $"wrongScheme={(int)wrongScheme} wrongPort={(int)wrongPort} noOrigin={(int)noOrigin}");
        Assert.Equal(0, foreignAccepted);
        Assert.Equal(HttpStatusCode.SwitchingProtocols, same);
        Assert.Equal(HttpStatusCode.Forbidden, wrongScheme);
        Assert.Equal(HttpStatusCode.Forbidden, wrongPort);
        // Documented policy (README, Hub__AllowedOrigins): a client that sends no Origin is no browser.
        Assert.Equal(HttpStatusCode.SwitchingProtocols, noOrigin);
    }

    [Theory]
    [InlineData("https", "https", HttpStatusCode.SwitchingProtocols)]
    [InlineData("https", "http", HttpStatusCode.Forbidden)]
    [InlineData("http", "https", HttpStatusCode.Forbidden)]
    public async Task BehindATrustedProxyTheForwardedSchemeIsThePagesScheme(string forwardedProto, string pageScheme, HttpStatusCode expected)
    {
        // The test connects from loopback, which the node trusts as a proxy (as it trusts the local nginx).
        var token = (await app.RegisterAndLoginAsync(ChatAppFactory.UniqueName("proxied"))).AccessToken;

        var status = await UpgradeAsync(token, $"{pageScheme}://127.0.0.1:{app.BaseAddress.Port}", forwardedProto);

        Assert.Equal(expected, status);
    }

    [Theory]
    [InlineData("https://partner.example", HttpStatusCode.SwitchingProtocols)]
    [InlineData("https://PARTNER.example:443", HttpStatusCode.SwitchingProtocols)]
    [InlineData("http://partner.example", HttpStatusCode.Forbidden)]
    [InlineData("https://partner.example:8443", HttpStatusCode.Forbidden)]
    [InlineData("https://partner.example.evil", HttpStatusCode.Forbidden)]
    public async Task AllowedOriginsAreComparedAsOrigins(string origin, HttpStatusCode expected)
    {
        var token = (await app.RegisterAndLoginAsync(ChatAppFactory.UniqueName("partner"))).AccessToken;

        Assert.Equal(expected, await UpgradeAsync(token, origin));
    }

    [Theory]
    [InlineData("*")]
    [InlineData("https://partner.example/chat")]
    public async Task AnAllowedOriginThatIsNoOriginStopsTheNodeAtStart(string entry)
    {
        await using var misconfigured = new SqliteChatApp();
        misconfigured.Set("Hub:AllowedOrigins:0", entry);

        var failure = await Assert.ThrowsAnyAsync<Exception>(misconfigured.InitializeAsync);

        Assert.Contains("Hub:AllowedOrigins", failure.ToString());
        Assert.Contains(entry, failure.ToString());
    }

    private async Task<HttpStatusCode> UpgradeAsync(string accessToken, string? origin, string? forwardedProto = null)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        if (forwardedProto is not null)
        {
            socket.Options.SetRequestHeader("X-Forwarded-Proto", forwardedProto);
        }

        var hub = new UriBuilder(app.BaseAddress) { Scheme = "ws", Path = "/hubs/chat", Query = $"access_token={Uri.EscapeDataString(accessToken)}" }.Uri;
        try
        {
            await socket.ConnectAsync(hub, CancellationToken.None);
        }
        catch (WebSocketException)
        {
            // The status code says why.
        }

        return socket.HttpStatusCode;
    }
}
