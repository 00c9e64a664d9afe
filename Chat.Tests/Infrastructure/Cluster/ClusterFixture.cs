using System.Globalization;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using MySqlConnector;

namespace Chat.Tests.Infrastructure.Cluster;

/// <summary>The cluster of the architecture as real processes on loopback: one MariaDB database, a
/// redis-server, three node processes started together, and nginx over them. Every process is stopped
/// in DisposeAsync.</summary>
public class ClusterFixture : IAsyncLifetime
{
    private readonly List<NodeProcess> _nodes = [];
    private RedisServer? _redis;
    private NginxServer? _nginx;

    /// <summary>The database's name, fresh for each cluster.</summary>
    public string Database { get; } = $"chat_cluster_{Guid.NewGuid():N}";

    internal string ConnectionString { get; private set; } = "";

    internal IReadOnlyList<NodeProcess> Nodes => _nodes;

    internal RedisServer Redis => _redis ?? throw new InvalidOperationException("The cluster is not started.");

    internal NginxServer Nginx => _nginx ?? throw new InvalidOperationException("The cluster is not started.");

    /// <summary>Every line every node wrote, for tests that read the logs (S9: no secrets in them).</summary>
    internal EventLog<string> NodeOutput { get; } = new();

    protected virtual int NodeCount => 3;

    public async Task InitializeAsync()
    {
        try
        {
            ConnectionString = await CreateDatabaseAsync();
            _redis = await RedisServer.StartAsync();
            for (var i = 1; i <= NodeCount; i++)
            {
                _nodes.Add(new NodeProcess($"node{i}", ChildProcess.FreePort(), NodeEnvironment(i), NodeOutput));
            }

            // Together, as a deployment starts them: each migrates the empty database at start.
            await Task.WhenAll(_nodes.Select(node => node.StartAsync()));
            _nginx = await NginxServer.StartAsync(_nodes.Select(node => node.Uri.Port));
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (_nginx is not null)
        {
            await _nginx.DisposeAsync();
        }

        await Task.WhenAll(_nodes.Select(node => node.DisposeAsync().AsTask()));
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        await DropDatabaseAsync();
    }

    /// <summary>Starts again every node a test killed or stopped, so that the next test has the whole cluster.</summary>
    internal Task RestartStoppedNodesAsync() =>
        Task.WhenAll(_nodes.Where(node => !node.IsRunning).Select(node => node.StartAgainAsync()));

    protected virtual async Task<string> CreateDatabaseAsync() => (await SharedMariaDb.Server).ConnectionString(Database);

    protected virtual async Task DropDatabaseAsync()
    {
        if (SharedMariaDb.Server.IsCompletedSuccessfully)
        {
            await (await SharedMariaDb.Server).DropDatabaseAsync(Database);
        }
    }

    /// <summary>A node on the cluster's database but off its backplane (disposed by the caller): nothing it pushes
    /// reaches the other nodes' connections, as with a node that dies between a commit and its push.</summary>
    internal async Task<NodeProcess> StartIsolatedNodeAsync()
    {
        var environment = NodeEnvironment(NodeCount + 1);
        environment.Remove("ConnectionStrings__Redis");
        var node = new NodeProcess("isolated", ChildProcess.FreePort(), environment, NodeOutput);
        await node.StartAsync();
        return node;
    }

    /// <summary>The admin command against the cluster's database, with a node's settings.</summary>
    internal Task<(int ExitCode, string Output)> AdminCommandAsync(params string[] args) => AdminTool.RunAsync(NodeEnvironment(1), args);

    protected virtual Dictionary<string, string> NodeEnvironment(int i) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        // The last node logs JSON, as an operator would configure it; the others keep the default console format.
        ["Logging__Console__FormatterName"] = i == NodeCount ? "json" : "simple",
        ["Database__Provider"] = "MySql",
        ["ConnectionStrings__Chat"] = ConnectionString,
        ["ConnectionStrings__Redis"] = Redis.ConnectionString,
        ["Cluster__NodeId"] = $"node{i}",
        // Every test client comes from 127.0.0.1; the per-address and per-user limits have their own tests.
        ["Accounts__RequestsPerMinutePerAddress"] = "1000000",
        ["Hub__MessageBurst"] = "1000000",
        ["Hub__MessagesPerSecond"] = "1000000",
        ["Limits__FriendAddsPerMinute"] = "1000000",
        ["Limits__GroupsCreatedPerHour"] = "1000000",
        ["Limits__GroupsOwned"] = "1000000",
    };

    internal static HttpClient Http(Uri node, string? accessToken)
    {
        var http = new HttpClient { BaseAddress = node };
        if (accessToken is not null)
        {
            http.UseToken(accessToken);
        }

        return http;
    }

    /// <summary>Connects the way the browser page does: WebSockets only, no negotiation, so no sticky sessions.</summary>
    internal static HubConnection CreateHubConnection(Uri node, string? accessToken) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(node, "/hubs/chat"), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                if (accessToken is not null)
                {
                    options.AccessTokenProvider = () => Task.FromResult<string?>(accessToken);
                }
            })
            .Build();

    /// <summary>Registers and signs in through <paramref name="via"/> (nginx unless given).</summary>
    internal async Task<TokenResponse> RegisterAndLoginAsync(string name, Uri? via = null)
    {
        using (var http = Http(via ?? Nginx.Uri, null))
        {
            (await http.PostAsJsonAsync("/api/account/register", new { name, password = ChatAppFactory.Password })).EnsureSuccessStatusCode();
        }

        return await LoginAsync(name, via);
    }

    /// <summary>Signs in through <paramref name="via"/> (nginx unless given).</summary>
    internal async Task<TokenResponse> LoginAsync(string name, Uri? via = null)
    {
        using var http = Http(via ?? Nginx.Uri, null);
        var login = await http.PostAsJsonAsync("/api/account/login", new { name, password = ChatAppFactory.Password });
        login.EnsureSuccessStatusCode();
        return (await login.Content.ReadFromJsonAsync<TokenResponse>())!;
    }

    /// <summary>A new user, signed in through <paramref name="via"/> (nginx unless given), not yet connected.</summary>
    internal async Task<ClusterClient> UserAsync(string prefix, Uri? via = null) =>
        new(await RegisterAndLoginAsync(ChatAppFactory.UniqueName(prefix), via));

    /// <summary>A new user connected to <paramref name="via"/>: a node (pinned) or nginx.</summary>
    internal async Task<ClusterClient> ConnectedUserAsync(string prefix, Uri via) =>
        await (await UserAsync(prefix)).ConnectAsync(via);

    /// <summary>A connection to the cluster's database that does not pool, so it survives a database restart.</summary>
    internal async Task<MySqlConnection> OpenDatabaseAsync()
    {
        var connection = new MySqlConnection(new MySqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    internal async Task<T> QueryScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenDatabaseAsync();
        await using var command = new MySqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), CultureInfo.InvariantCulture);
    }
}
