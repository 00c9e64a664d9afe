using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chat.Tests.Infrastructure;

/// <summary>One chat node on a real Kestrel port, with its own fresh database, migrated exactly as in
/// production. Subclasses choose the database.</summary>
public abstract class ChatAppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminName = "site-admin";
    public const string Password = "correct horse battery";

    private readonly Dictionary<string, string?> _settings = new()
    {
        ["Accounts:RequestsPerMinutePerAddress"] = "1000000",
        ["Hub:MessageBurst"] = "1000000",
        ["Hub:MessagesPerSecond"] = "1000000",
        ["Limits:FriendAddsPerMinute"] = "1000000",
        ["Limits:GroupsCreatedPerHour"] = "1000000",
        ["Limits:GroupsOwned"] = "1000000",
        ["Accounts:Admins:0"] = AdminName,
    };

    public Uri BaseAddress { get; private set; } = null!;

    public string ProviderName { get; private set; } = "";

    /// <summary>The node's database, for tools run against it beside the node (the admin command).</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>Extra configuration for a test class, set before the server starts.</summary>
    public void Set(string key, string value) => _settings[key] = value;

    public async Task InitializeAsync()
    {
        var (provider, connectionString) = await CreateDatabaseAsync();
        (ProviderName, ConnectionString) = (provider, connectionString);
        _settings["Database:Provider"] = provider;
        _settings["ConnectionStrings:Chat"] = connectionString;
        UseKestrel(0);
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1"));
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await DropDatabaseAsync();
    }

    protected abstract Task<(string Provider, string ConnectionString)> CreateDatabaseAsync();

    protected abstract Task DropDatabaseAsync();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.Insert(0, ServiceDescriptor.Singleton<IHostedService, AdminSeed>()));
    }

    public HttpClient CreateHttpClient(string? accessToken = null)
    {
        var http = new HttpClient { BaseAddress = BaseAddress };
        if (accessToken is not null)
        {
            http.UseToken(accessToken);
        }

        return http;
    }

    /// <summary>Connects the way the browser page does: WebSockets only, no negotiation.</summary>
    public HubConnection CreateHubConnection(string? accessToken) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(BaseAddress, "/hubs/chat"), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                if (accessToken is not null)
                {
                    options.AccessTokenProvider = () => Task.FromResult<string?>(accessToken);
                }
            })
            .Build();

    public async Task<TokenResponse> RegisterAndLoginAsync(string name, string password = Password)
    {
        using var http = CreateHttpClient();
        var registered = await http.PostAsJsonAsync("/api/account/register", new { name, password });
        registered.EnsureSuccessStatusCode();
        return await LoginAsync(name, password);
    }

    public async Task<TokenResponse> LoginAsync(string name, string password = Password)
    {
        using var http = CreateHttpClient();
        var login = await http.PostAsJsonAsync("/api/account/login", new { name, password });
        login.EnsureSuccessStatusCode();
        return (await login.Content.ReadFromJsonAsync<TokenResponse>())!;
    }

    /// <summary>A new user, signed in, not yet connected.</summary>
    public async Task<ChatClient> UserAsync(string prefix = "user") =>
        new(this, await RegisterAndLoginAsync(UniqueName(prefix)));

    /// <summary>A new user, signed in and connected to the hub.</summary>
    public async Task<ChatClient> ConnectedUserAsync(string prefix = "user") =>
        await (await UserAsync(prefix)).ConnectAsync();

    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(32, prefix.Length + 13)];
}

/// <summary>The single-node default: an SQLite file in a temp folder.</summary>
public class SqliteChatApp : ChatAppFactory
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"chat-test-{Guid.NewGuid():N}.db");

    protected override Task<(string, string)> CreateDatabaseAsync() =>
        Task.FromResult(("Sqlite", $"Data Source={_file}"));

    protected override Task DropDatabaseAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_file + suffix);
        }

        return Task.CompletedTask;
    }
}

/// <summary>The cluster database: a real MariaDB server (shared by the test run), a fresh database per app.</summary>
public class MariaDbChatApp : ChatAppFactory
{
    /// <summary>The database's name; nodes given the same name share one database.</summary>
    public string Database { get; init; } = $"chat_test_{Guid.NewGuid():N}";

    protected override async Task<(string, string)> CreateDatabaseAsync() =>
        ("MySql", (await SharedMariaDb.Server).ConnectionString(Database));

    protected override async Task DropDatabaseAsync() => await (await SharedMariaDb.Server).DropDatabaseAsync(Database);
}

/// <summary>One MariaDB server for the whole test run; it stops when the test process exits.</summary>
internal static class SharedMariaDb
{
    private static readonly Lazy<Task<MariaDbServer>> Lazy = new(MariaDbServer.StartAsync);

    public static Task<MariaDbServer> Server => Lazy.Value;
}
