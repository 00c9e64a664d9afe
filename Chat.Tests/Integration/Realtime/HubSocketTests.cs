using System.Collections.Concurrent;
using System.Security.Claims;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Tests.Integration.Realtime;

/// <summary>A hub WebSocket's request lives as long as the connection, so it must keep only what the hub
/// reads: the user's id and name, and its login's session family (to close it when that family ends),
/// not the token or the authentication ticket (see HubSockets).</summary>
public sealed class HubSocketTests : IAsyncLifetime
{
    private readonly RecordingApp _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task AHubSocketWithTheTokenInTheHeaderKeepsOnlyTheCallersIdNameAndSessionFamily()
    {
        await using var alice = await _app.ConnectedUserAsync("alice");
        await alice.SyncAsync();

        var request = Assert.Single(_app.Requests).Request;

        Assert.Equal(ClaimTypesKept, ClaimTypes(request.HttpContext.User));
        Assert.Equal(alice.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), request.HttpContext.User.FindFirstValue(System.Security.Claims.ClaimTypes.NameIdentifier));
        Assert.Equal(alice.Name, request.HttpContext.User.Identity?.Name);
        Assert.Empty(request.Headers.Authorization.ToString());
    }

    [Fact]
    public async Task AHubSocketWithTheTokenInTheQueryAsTheBrowserSendsItIsSignedInTheSameWay()
    {
        var alice = await _app.UserAsync("alice");
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(_app.BaseAddress, $"/hubs/chat?access_token={Uri.EscapeDataString(alice.Tokens.AccessToken)}"), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
            })
            .Build();
        await hub.StartAsync();
        await hub.InvokeAsync<WireSyncResult>("Sync", (long?)null);

        var user = Assert.Single(_app.Requests).User;

        Assert.Equal(ClaimTypesKept, ClaimTypes(user));
        Assert.Equal(alice.Name, user.Identity?.Name);
    }

    [Fact]
    public async Task NegotiationIsAnOrdinaryRequestAndTheConnectionAfterItIsSignedInLikeAnyOther()
    {
        var alice = await _app.UserAsync("alice");
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(_app.BaseAddress, "/hubs/chat"), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.AccessTokenProvider = () => Task.FromResult<string?>(alice.Tokens.AccessToken);
            })
            .Build();
        await hub.StartAsync();
        await hub.InvokeAsync<WireSyncResult>("Sync", (long?)null);

        Assert.Equal(ClaimTypesKept, ClaimTypes(Assert.Single(_app.Requests).User));
    }

    [Fact]
    public async Task EveryRequestReadsItsTokenOnceHubSocketsAndRestAlike()
    {
        await using var alice = await _app.ConnectedUserAsync("alice");
        await alice.SyncAsync();
        (await alice.Http.GetAsync("/api/account/me")).EnsureSuccessStatusCode();

        var socket = Assert.Single(_app.Requests);
        Assert.Equal(1, _app.TokenReads[socket].Count);
        Assert.Equal([1], _app.TokenReads.Values.Where(read => read.Path == "/api/account/me").Select(read => read.Count));
    }

    private static readonly string[] ClaimTypesKept = [System.Security.Claims.ClaimTypes.Name, System.Security.Claims.ClaimTypes.NameIdentifier, Chat.Server.Accounts.SessionFamily.ClaimType];

    private static string[] ClaimTypes(ClaimsPrincipal user) => [.. user.Claims.Select(c => c.Type).Order()];

    /// <summary>A node that remembers the HTTP request behind each hub call.</summary>
    private sealed class RecordingApp : SqliteChatApp, IHubFilter
    {
        private readonly ConcurrentDictionary<HttpContext, byte> _requests = new();

        public IReadOnlyCollection<HttpContext> Requests => [.. _requests.Keys];

        /// <summary>How often the bearer handler looked for a token, per request.</summary>
        public ConcurrentDictionary<HttpContext, (string Path, int Count)> TokenReads { get; } = new();

        public ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
        {
            _requests.TryAdd(invocationContext.Context.GetHttpContext()!, 0);
            return next(invocationContext);
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                services.Configure<HubOptions>(hub => hub.AddFilter(this));
                services.PostConfigure<BearerTokenOptions>(IdentityConstants.BearerScheme, bearer =>
                {
                    var received = bearer.Events.OnMessageReceived;
                    bearer.Events.OnMessageReceived = context =>
                    {
                        TokenReads.AddOrUpdate(context.HttpContext, (context.Request.Path, 1), (_, read) => (read.Path, read.Count + 1));
                        return received(context);
                    };
                });
            });
        }
    }
}
