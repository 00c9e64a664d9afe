using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Chat.Server.Presence;
using Chat.Tests.Infrastructure;
using Chat.Tests.Infrastructure.Cluster;
using Microsoft.AspNetCore.SignalR.Client;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Chat.Tests.Integration.Cluster;

/// <summary>Three node processes, Redis and nginx, used without breaking anything: what crosses nodes.</summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "Cluster")]
public sealed partial class ClusterTests(ClusterFixture cluster, ITestOutputHelper output) : IClassFixture<ClusterFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private Uri Node(int i) => cluster.Nodes[i].Uri;

    // The token test restarts every node; whatever became of that, the next test gets the whole cluster.
    public Task InitializeAsync() => cluster.RestartStoppedNodesAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task DirectAndGroupMessagesReachUsersOnOtherNodesAndBehindNginx()
    {
        await using var alice = await cluster.ConnectedUserAsync("alice", Node(0));
        await using var bob = await cluster.ConnectedUserAsync("bob", Node(1));
        await using var dave = await cluster.ConnectedUserAsync("dave", Node(2));
        await using var carol = await cluster.ConnectedUserAsync("carol", cluster.Nginx.Uri);
        await alice.AddFriendAsync(bob.Id);
        await alice.AddFriendAsync(carol.Id);
        var group = await alice.CreateGroupAsync("across nodes");
        foreach (var member in new[] { bob, carol, dave })
        {
            await member.JoinGroupAsync(group.Id);
        }

        var clock = Stopwatch.StartNew();
        var direct = new[]
        {
            (Ack: await alice.SendDirectAsync(bob.Id, "node1 to node2"), To: bob),
            (Ack: await bob.SendDirectAsync(alice.Id, "node2 to node1"), To: alice),
            (Ack: await alice.SendDirectAsync(carol.Id, "node1 to nginx"), To: carol),
            (Ack: await carol.SendDirectAsync(alice.Id, "nginx to node1"), To: alice),
        };
        var toGroup = await dave.SendGroupAsync(group.Id, "node3 to everyone");
        var directArrivals = await Task.WhenAll(direct.Select(d => d.To.Messages.WaitAsync(m => m.Id == d.Ack.Id, Patience)));
        var groupArrivals = await Task.WhenAll(new[] { alice, bob, carol, dave }.Select(c => c.Messages.WaitAsync(m => m.Id == toGroup.Id, Patience)));
        var elapsed = clock.Elapsed;

        output.WriteLine($"cross-node delivery: direct={directArrivals.Length}/4 group={groupArrivals.Length}/4 (node1, node2, node3, nginx) " +
            $"allIn={elapsed.TotalMilliseconds:0}ms");
        Assert.Equal(direct.Select(d => d.Ack), directArrivals);
        Assert.All(groupArrivals, arrived => Assert.Equal(toGroup, arrived));
    }

    [Fact]
    public async Task TheChatPageOriginMayOpenTheHubThroughNginxAndAForeignOriginMayNot()
    {
        var tokens = await cluster.RegisterAndLoginAsync(ChatAppFactory.UniqueName("browser"));
        var page = cluster.Nginx.Uri.GetLeftPart(UriPartial.Authority);

        var ownOrigin = await UpgradeStatusAsync(page, tokens.AccessToken);
        var foreignOrigin = await UpgradeStatusAsync("https://evil.example", tokens.AccessToken);
        // nginx is plain http here and says so in X-Forwarded-Proto: an https page of the same host is another origin.
        var wrongScheme = await UpgradeStatusAsync(page.Replace("http://", "https://", StringComparison.Ordinal), tokens.AccessToken);

        output.WriteLine($"S8 through nginx: ownOrigin={(int)ownOrigin} foreignOrigin={(int)foreignOrigin} wrongScheme={(int)wrongScheme}");
        Assert.Equal(HttpStatusCode.SwitchingProtocols, ownOrigin);
        Assert.Equal(HttpStatusCode.Forbidden, foreignOrigin);
        Assert.Equal(HttpStatusCode.Forbidden, wrongScheme);
    }

    private async Task<HttpStatusCode> UpgradeStatusAsync(string origin, string accessToken)
    {
        using var socket = new System.Net.WebSockets.ClientWebSocket();
        socket.Options.SetRequestHeader("Origin", origin);
        socket.Options.CollectHttpResponseDetails = true;
        var hub = new UriBuilder(cluster.Nginx.Uri) { Scheme = "ws", Path = "/hubs/chat", Query = $"access_token={Uri.EscapeDataString(accessToken)}" }.Uri;
        try
        {
            await socket.ConnectAsync(hub, CancellationToken.None);
        }
        catch (System.Net.WebSockets.WebSocketException)
        {
            // The status code below says why.
        }

        return socket.HttpStatusCode;
    }

    [Fact]
    public async Task ATokenFromOneNodeWorksOnEveryNodeAndAfterEveryNodeRestarted()
    {
        var tokens = await cluster.RegisterAndLoginAsync(ChatAppFactory.UniqueName("roamer"), Node(0));

        var before = await AcceptedOnEveryNodeAsync(tokens);
        var clock = Stopwatch.StartNew();
        foreach (var node in cluster.Nodes)
        {
            await node.StopAsync();
        }

        await Task.WhenAll(cluster.Nodes.Select(node => node.StartAgainAsync()));
        var restart = clock.Elapsed;
        var after = await AcceptedOnEveryNodeAsync(tokens);

        output.WriteLine($"S1 tokens: crossNode={before.Count(ok => ok)}/3 afterRestart={after.Count(ok => ok)}/3 restartAll={restart.TotalSeconds:0.0}s");
        Assert.Equal([true, true, true], before);
        Assert.Equal([true, true, true], after);
    }

    [Fact]
    public async Task AReusedRefreshTokenClosesThatLoginsConnectionsOnEveryNodeAndNoOtherLogins()
    {
        var name = ChatAppFactory.UniqueName("copied");
        var login = await cluster.RegisterAndLoginAsync(name);
        using var anonymous = ClusterFixture.Http(Node(0), null);
        var otherLogin = await PostForTokensAsync(anonymous, "/api/account/login", new { name, password = ChatAppFactory.Password });
        var newest = await PostForTokensAsync(anonymous, "/api/account/refresh", new { login.RefreshToken });
        await using var tab1 = await new ClusterClient(newest).ConnectAsync(Node(1));
        await using var tab2 = await new ClusterClient(newest).ConnectAsync(Node(2));
        await using var otherTab = await new ClusterClient(otherLogin).ConnectAsync(Node(1));

        var clock = Stopwatch.StartNew();
        var reuse = await anonymous.PostAsJsonAsync("/api/account/refresh", new { login.RefreshToken });
        var closedAfter = await Task.WhenAll(new[] { tab1, tab2 }.Select(async tab =>
        {
            await tab.Closed.WaitAsync(_ => true, TimeSpan.FromSeconds(5));
            return clock.Elapsed;
        }));
        using var onNode2 = ClusterFixture.Http(Node(2), null);
        var newestRefresh = await onNode2.PostAsJsonAsync("/api/account/refresh", new { newest.RefreshToken });
        var newestMe = await Task.WhenAll(cluster.Nodes.Select(async node =>
        {
            using var http = ClusterFixture.Http(node.Uri, newest.AccessToken);
            return (await http.GetAsync("/api/account/me")).StatusCode;
        }));
        await otherTab.Hub.InvokeAsync<WireSyncResult>("Sync", long.MaxValue);
        var otherRefresh = await onNode2.PostAsJsonAsync("/api/account/refresh", new { otherLogin.RefreshToken });

        output.WriteLine($"S4 refresh reuse (cluster): reuse={(int)reuse.StatusCode} closed={closedAfter.Length}/2 nodes maxClose={closedAfter.Max().TotalMilliseconds:0}ms " +
            $"newestRefresh={(int)newestRefresh.StatusCode} newestMe={string.Join(",", newestMe.Select(s => (int)s))} " +
            $"otherLogin={otherTab.Hub.State} otherRefresh={(int)otherRefresh.StatusCode}");
        Assert.Equal(HttpStatusCode.Unauthorized, reuse.StatusCode);
        Assert.All(closedAfter, elapsed => Assert.True(elapsed < TimeSpan.FromSeconds(2), $"a tab closed after {elapsed.TotalSeconds:0.00}s"));
        Assert.Equal(HttpStatusCode.Unauthorized, newestRefresh.StatusCode);
        Assert.All(newestMe, status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        Assert.Equal(HubConnectionState.Connected, otherTab.Hub.State);
        Assert.Equal(HttpStatusCode.OK, otherRefresh.StatusCode);
    }

    [Fact]
    public async Task LogoutClosesTheUsersConnectionsOnEveryNodeAndRevokesTheTokens()
    {
        var tokens = await cluster.RegisterAndLoginAsync(ChatAppFactory.UniqueName("leaver"));
        await using var tab1 = await new ClusterClient(tokens).ConnectAsync(Node(0));
        await using var tab2 = await new ClusterClient(tokens).ConnectAsync(Node(1));
        await using var tab3 = await new ClusterClient(tokens).ConnectAsync(Node(2));
        await using var bystander = await cluster.ConnectedUserAsync("bystander", Node(1));
        await using var again = new ClusterClient(tokens);
        using var anonymous = ClusterFixture.Http(cluster.Nginx.Uri, null);

        var clock = Stopwatch.StartNew();
        var logout = tab1.LogoutAsync();
        var closedAfter = await Task.WhenAll(new[] { tab1, tab2, tab3 }.Select(async tab =>
        {
            await tab.Closed.WaitAsync(_ => true, TimeSpan.FromSeconds(5));
            return clock.Elapsed;
        }));
        // The server may close the calling connection before it answers; either way is the contract.
        await Record.ExceptionAsync(() => logout);
        var refresh = await anonymous.PostAsJsonAsync("/api/account/refresh", new { refreshToken = tokens.RefreshToken });
        var me = await Task.WhenAll(cluster.Nodes.Select(async node =>
        {
            using var http = ClusterFixture.Http(node.Uri, tokens.AccessToken);
            return (await http.GetAsync("/api/account/me")).StatusCode;
        }));
        var reconnect = await Record.ExceptionAsync(() => again.ConnectAsync(Node(2)));

        output.WriteLine($"S4b logout: closed={closedAfter.Length}/3 nodes maxClose={closedAfter.Max().TotalMilliseconds:0}ms " +
            $"refresh={(int)refresh.StatusCode} oldTokenMe={string.Join(",", me.Select(s => (int)s))} reconnect={(reconnect is null ? "accepted" : "refused")}");
        Assert.All(closedAfter, elapsed => Assert.True(elapsed < TimeSpan.FromSeconds(2), $"a tab closed after {elapsed.TotalSeconds:0.00}s"));
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
        Assert.All(me, status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        Assert.NotNull(reconnect);
        Assert.Equal(HubConnectionState.Connected, bystander.Hub.State);
    }

    [Fact]
    public async Task ClosingOneOfTwoTabsOnDifferentNodesSendsNoOfflineEvent()
    {
        await using var bob = await cluster.ConnectedUserAsync("bob", Node(1));
        await using var carol = await cluster.ConnectedUserAsync("carol", Node(2));
        await using var alice = await cluster.UserAsync("alice");
        await bob.AddFriendAsync(alice.Id);
        await bob.AddFriendAsync(carol.Id);
        await alice.ConnectAsync(Node(0));
        await bob.Presence.WaitAsync(p => p.UserId == alice.Id && p.Online, Patience);
        await using var secondTab = await new ClusterClient(alice.Tokens).ConnectAsync(Node(2));
        using var http = bob.Http(Node(1));

        await secondTab.Hub.StopAsync();
        await WaitForConnectionCountAsync(alice.Id, 1);
        // Barrier: sent from the closed tab's node after that node let the tab go, so it reaches bob after any
        // presence event the node would have sent for the tab.
        var barrier = await carol.SendDirectAsync(bob.Id, "barrier");
        await bob.Messages.WaitAsync(m => m.Id == barrier.Id, Patience);
        var found = (await http.GetFromJsonAsync<List<UserFound>>($"/api/users?name={alice.Name}"))!.Single(u => u.Id == alice.Id);

        var falseOffline = bob.Presence.Items.Count(p => p.UserId == alice.Id && !p.Online);
        output.WriteLine($"R6c two tabs: falseOffline={falseOffline} searchOnline={found.Online}");
        Assert.Equal(0, falseOffline);
        Assert.True(found.Online);
    }

    [Fact]
    public async Task TabsClosedWhileTheyAreBeingSetUpLeaveNoGhostOnlineUser()
    {
        const int Tabs = 15;
        await using var bob = await cluster.ConnectedUserAsync("bob", Node(1));
        await using var alice = await cluster.UserAsync("alice");
        await bob.AddFriendAsync(alice.Id);
        using var http = bob.Http(Node(1));

        for (var i = 0; i < Tabs; i++)
        {
            // Closed right after the handshake, while the server may still be setting the connection up.
            await using var tab = ClusterFixture.CreateHubConnection(Node(i % 3), alice.Tokens.AccessToken);
            await tab.StartAsync();
        }

        var ghosts = await ConnectionCountAfterSettlingAsync(alice.Id);
        var found = (await http.GetFromJsonAsync<List<UserFound>>($"/api/users?name={alice.Name}"))!.Single(u => u.Id == alice.Id);

        output.WriteLine($"R6 quick close: tabs={Tabs} ghostConnections={ghosts} searchOnline={found.Online}");
        Assert.Equal(0, ghosts);
        Assert.False(found.Online);
    }

    private async Task<bool[]> AcceptedOnEveryNodeAsync(TokenResponse tokens) =>
        await Task.WhenAll(cluster.Nodes.Select(async node =>
        {
            using var http = ClusterFixture.Http(node.Uri, tokens.AccessToken);
            var me = await http.GetAsync("/api/account/me");
            await using var client = new ClusterClient(tokens);
            var connect = await Record.ExceptionAsync(() => client.ConnectAsync(node.Uri));
            return me.IsSuccessStatusCode && (await me.Content.ReadFromJsonAsync<MeResponse>())!.Id == tokens.User.Id && connect is null;
        }));

    // The server announces nothing when it lets a connection go: these poll its presence record in Redis.
    private async Task WaitForConnectionCountAsync(int userId, long count)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(cluster.Redis.ConnectionString);
        await Eventually.HoldsAsync(() => redis.GetDatabase().HashGetAllAsync(RedisPresenceTracker.UserKey(userId)),
            connections => connections.Length == count, Patience, $"user {userId} has {count} connections in presence");
    }

    private async Task<long> ConnectionCountAfterSettlingAsync(int userId)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(cluster.Redis.ConnectionString);
        var key = RedisPresenceTracker.UserKey(userId);
        // Connections still there after the wait are the finding: reported as a count, not as a timeout.
        await Record.ExceptionAsync(() =>
            Eventually.HoldsAsync(() => redis.GetDatabase().HashLengthAsync(key), count => count == 0, Patience, "no connections left"));

        return await redis.GetDatabase().HashLengthAsync(key);
    }

    private static async Task<TokenResponse> PostForTokensAsync(HttpClient http, string route, object body)
    {
        var response = await http.PostAsJsonAsync(route, body);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<TokenResponse>())!;
    }
}
