using System.Diagnostics;
using System.Net.Sockets;

namespace Chat.Tests.Infrastructure.Cluster;

/// <summary>nginx in front of the nodes, configured with the repository's shared nginx/chat.conf, in its
/// own prefix folder on a free loopback port.</summary>
internal sealed class NginxServer : IAsyncDisposable
{
    private const string NotInstalled =
        "nginx is not installed: run 'apt-get install -y nginx' as root (or run scripts/test.sh, which installs it).";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly ChildProcess _process;
    private readonly string _dir;

    private NginxServer(ChildProcess process, string dir, int port) => (_process, _dir, Uri) = (process, dir, new Uri($"http://127.0.0.1:{port}/"));

    public Uri Uri { get; }

    public string AccessLog => Path.Combine(_dir, "access.log");

    public string ErrorLog => Path.Combine(_dir, "error.log");

    public static async Task<NginxServer> StartAsync(IEnumerable<int> nodePorts)
    {
        var binary = ChildProcess.Find("nginx", "/usr/sbin/nginx") ?? throw new InvalidOperationException(NotInstalled);
        var dir = ChildProcess.CreateTempDirectory("chat-nginx");
        var port = ChildProcess.FreePort();
        await File.WriteAllLinesAsync(Path.Combine(dir, "chat-upstream.conf"),
            nodePorts.Select(p => $"server 127.0.0.1:{p} max_fails=0;"));
        await File.WriteAllTextAsync(Path.Combine(dir, "chat-listen.conf"), $"listen 127.0.0.1:{port};\n");
        await File.WriteAllTextAsync(Path.Combine(dir, "nginx.conf"), MainConfig(dir));

        // Relative includes in chat.conf resolve against the folder of the main config file, the prefix.
        var server = new NginxServer(ChildProcess.Start(binary, ["-p", dir + "/", "-c", Path.Combine(dir, "nginx.conf")]), dir, port);
        try
        {
            await server.WaitUntilListeningAsync(port);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    // daemon off here and nowhere else: nginx refuses a directive set twice, also through -g.
    // The Debian build keeps its temp folders under /var/lib/nginx; here they live in the prefix.
    // As root, workers would run as nobody; root lets them read the temp-folder config and write its temp files.
    private static string MainConfig(string dir) => $$"""
        {{(Environment.UserName == "root" ? "user root;" : "")}}
        daemon off;
        worker_processes 1;
        pid {{dir}}/nginx.pid;
        error_log {{dir}}/error.log warn;
        events { worker_connections 4096; }
        http {
            client_body_temp_path {{dir}}/client_body_temp;
            proxy_temp_path {{dir}}/proxy_temp;
            fastcgi_temp_path {{dir}}/fastcgi_temp;
            uwsgi_temp_path {{dir}}/uwsgi_temp;
            scgi_temp_path {{dir}}/scgi_temp;
            include {{RepoPaths.NginxConfig}};
            access_log {{dir}}/access.log chat;
        }
        """;

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        ChildProcess.TryDelete(_dir);
    }

    private async Task WaitUntilListeningAsync(int port)
    {
        var clock = Stopwatch.StartNew();
        while (!_process.HasExited)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException) when (clock.Elapsed < StartTimeout)
            {
                // Nothing announces that the port is open: poll it.
                await Task.Delay(50);
            }
            catch (SocketException)
            {
                throw Failure("nginx did not listen within 30 s.");
            }
        }

        await _process.KillAsync();
        throw Failure($"nginx exited with code {_process.ExitCode} during startup.");
    }

    private InvalidOperationException Failure(string message)
    {
        var log = File.Exists(ErrorLog) ? string.Join('\n', File.ReadLines(ErrorLog).TakeLast(30)) : "(no error.log)";
        return new InvalidOperationException($"{message}\n--- error.log ---\n{log}\n--- stdout/stderr ---\n{_process.Tail()}");
    }
}
