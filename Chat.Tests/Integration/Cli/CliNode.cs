using System.Net.Http.Json;
using Chat.Tests.Infrastructure;
using Chat.Tests.Infrastructure.Cluster;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Tests.Integration.Cli;

/// <summary>A node process on SQLite in a temp folder, for the console client to talk to; it can be
/// restarted on the same port with the same database.</summary>
public sealed class CliNode : IAsyncLifetime
{
    private readonly string _dir = ChildProcess.CreateTempDirectory("chat-cli");

    internal NodeProcess Node { get; private set; } = null!;

    public Uri Uri => Node.Uri;

    public async Task InitializeAsync()
    {
        Node = new NodeProcess("cli-node", ChildProcess.FreePort(), Settings);
        await Node.StartAsync();
    }

    /// <summary>A second node on the same database without a backplane: nothing it pushes reaches the clients
    /// of the first, as if those pushes were lost, so only their catch-up can show what happened there.</summary>
    internal async Task<NodeProcess> StartSiblingAsync()
    {
        var sibling = new NodeProcess("cli-sibling", ChildProcess.FreePort(), Settings);
        await sibling.StartAsync();
        return sibling;
    }

    private Dictionary<string, string> Settings => new()
    {
        ["ConnectionStrings__Chat"] = $"Data Source={Path.Combine(_dir, "chat.db")}",
        ["Accounts__RequestsPerMinutePerAddress"] = "1000000",
        ["Hub__MessageBurst"] = "100000",
        ["Hub__MessagesPerSecond"] = "100000",
    };

    /// <summary>A user registered and signed in over REST, connected to the hub: the other side of a chat.</summary>
    public Task<(TokenResponse Tokens, HubConnection Hub)> HubUserAsync(string prefix) => HubUserAsync(prefix, Uri);

    public static async Task<(TokenResponse Tokens, HubConnection Hub)> HubUserAsync(string prefix, Uri uri)
    {
        using var http = ClusterFixture.Http(uri, null);
        var credentials = new { name = ChatAppFactory.UniqueName(prefix), password = ChatAppFactory.Password };
        (await http.PostAsJsonAsync("/api/account/register", credentials)).EnsureSuccessStatusCode();
        var login = await http.PostAsJsonAsync("/api/account/login", credentials);
        login.EnsureSuccessStatusCode();
        var tokens = (await login.Content.ReadFromJsonAsync<TokenResponse>())!;
        var hub = ClusterFixture.CreateHubConnection(uri, tokens.AccessToken);
        await hub.StartAsync();
        return (tokens, hub);
    }

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        ChildProcess.TryDelete(_dir);
    }
}
