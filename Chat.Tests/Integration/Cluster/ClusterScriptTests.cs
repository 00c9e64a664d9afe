using System.Net;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.Sockets;
using Chat.Tests.Infrastructure;
using Chat.Tests.Infrastructure.Cluster;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;

namespace Chat.Tests.Integration.Cluster;

/// <summary>scripts/cluster.sh as a newcomer runs it: up, use it through the entry, status, down.</summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class ClusterScriptTests(ITestOutputHelper output)
{
    [Fact]
    public async Task UpGivesAWorkingClusterBehindOneEntryAndDownStopsAllOfIt()
    {
        var dir = ChildProcess.CreateTempDirectory("chat-cluster-script");
        var entry = ChildProcess.FreePort();
        var environment = new Dictionary<string, string>
        {
            ["CHAT_CLUSTER_DIR"] = dir,
            ["CHAT_ENTRY_PORT"] = entry.ToString(),
            ["CHAT_BASE_PORT"] = TwoFreePorts().ToString(),
            ["CHAT_MARIADB_PORT"] = ChildProcess.FreePort().ToString(),
            ["CHAT_REDIS_PORT"] = ChildProcess.FreePort().ToString(),
        };
        var clock = Stopwatch.StartNew();
        try
        {
            Assert.Equal(0, await ScriptAsync(environment, "up", "2"));
            var upTook = clock.Elapsed;
            var baseUri = new Uri($"http://127.0.0.1:{entry}");
            using var http = new HttpClient { BaseAddress = baseUri };
            Assert.Equal("Healthy", await http.GetStringAsync("/healthz/ready"));
            var credentials = new { name = ChatAppFactory.UniqueName("newcomer"), password = ChatAppFactory.Password };
            (await http.PostAsJsonAsync("/api/account/register", credentials)).EnsureSuccessStatusCode();
            var login = await http.PostAsJsonAsync("/api/account/login", credentials);
            var tokens = (await login.Content.ReadFromJsonAsync<TokenResponse>())!;
            await using var hub = new HubConnectionBuilder()
                .WithUrl(new Uri(baseUri, "/hubs/chat"), o =>
                {
                    o.Transports = HttpTransportType.WebSockets;
                    o.SkipNegotiation = true;
                    o.AccessTokenProvider = () => Task.FromResult<string?>(tokens.AccessToken);
                })
                .Build();
            await hub.StartAsync();
            var sync = await hub.InvokeAsync<WireSyncResult>("Sync", (long?)null);
            Assert.Equal(tokens.User.Id, sync.Me.Id);
            Assert.Equal(0, await ScriptAsync(environment, "status"));
            // The newcomer makes themselves admin with the script; a new login then carries the role.
            using var before = new HttpClient { BaseAddress = baseUri, DefaultRequestHeaders = { { "Authorization", $"Bearer {tokens.AccessToken}" } } };
            Assert.Equal(HttpStatusCode.Forbidden, (await before.GetAsync("/api/admin/users")).StatusCode);
            Assert.Equal(0, await ScriptAsync(environment, "admin", "grant", credentials.name));
            var relogin = (await (await http.PostAsJsonAsync("/api/account/login", credentials)).Content.ReadFromJsonAsync<TokenResponse>())!;
            using var admin = new HttpClient { BaseAddress = baseUri, DefaultRequestHeaders = { { "Authorization", $"Bearer {relogin.AccessToken}" } } };
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/admin/users")).StatusCode);

            Assert.Equal(0, await ScriptAsync(environment, "down"));

            Assert.False(Listening(entry), "nginx still listens after down");
            Assert.NotEqual(0, await ScriptAsync(environment, "status"));
            output.WriteLine($"cluster.sh: up(2 nodes)={upTook.TotalSeconds:F1}s total={clock.Elapsed.TotalSeconds:F1}s");
        }
        finally
        {
            await ScriptAsync(environment, "down");
            ChildProcess.TryDelete(dir);
        }
    }

    private async Task<int> ScriptAsync(Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepoPaths.Root, "scripts", "cluster.sh"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(limit.Token);
        output.WriteLine($"$ cluster.sh {string.Join(' ', args)} -> {process.ExitCode}\n{await stdout}{await stderr}");
        return process.ExitCode;
    }

    // cluster.sh puts node i on base + i - 1.
    private static int TwoFreePorts()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var port = ChildProcess.FreePort();
            if (port < 65535 && !Listening(port + 1))
            {
                return port;
            }
        }

        throw new InvalidOperationException("No two free neighbouring ports.");
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
