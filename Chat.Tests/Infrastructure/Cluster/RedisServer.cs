using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Chat.Tests.Infrastructure.Cluster;

/// <summary>A throw-away redis-server in its own temp folder on a free loopback port, with nothing
/// persisted, which a test can stop and start again on the same port.</summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private const string NotInstalled =
        "Redis is not installed: run 'apt-get install -y redis-server' as root (or run scripts/test.sh, which installs it).";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly string _binary;
    private readonly string _dir;
    private ChildProcess? _process;

    private RedisServer(string binary, string dir, int port) => (_binary, _dir, Port) = (binary, dir, port);

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public bool IsRunning => _process is { HasExited: false };

    public static async Task<RedisServer> StartAsync()
    {
        var binary = ChildProcess.Find("redis-server", "/usr/bin/redis-server", "/usr/sbin/redis-server")
            ?? throw new InvalidOperationException(NotInstalled);
        var server = new RedisServer(binary, ChildProcess.CreateTempDirectory("chat-redis"), ChildProcess.FreePort());
        try
        {
            await server.StartAgainAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server (again) on the same port, empty, as after a restart without persistence.</summary>
    public async Task StartAgainAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("redis-server is already running.");
        }

        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        _process = ChildProcess.Start(_binary, ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", _dir, "--daemonize", "no"]);
        await WaitUntilReadyAsync(_process);
    }

    /// <summary>SIGTERM and wait: clients see the connection drop and Redis is gone until started again.</summary>
    public async Task StopAsync()
    {
        if (_process is not null)
        {
            await _process.StopAsync(TimeSpan.FromSeconds(10));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        ChildProcess.TryDelete(_dir);
    }

    private async Task WaitUntilReadyAsync(ChildProcess process)
    {
        var clock = Stopwatch.StartNew();
        while (!process.HasExited)
        {
            if (await PingAsync())
            {
                return;
            }

            if (clock.Elapsed > StartTimeout)
            {
                throw new InvalidOperationException($"redis-server did not answer PING within 30 s.\n{process.Tail()}");
            }

            // Nothing announces that the port is open: poll it.
            await Task.Delay(50);
        }

        throw new InvalidOperationException($"redis-server exited with code {process.ExitCode} during startup.\n{process.Tail()}");
    }

    private async Task<bool> PingAsync()
    {
        try
        {
            using var client = new TcpClient();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await client.ConnectAsync("127.0.0.1", Port, cts.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), cts.Token);
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer, cts.Token);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }
}
