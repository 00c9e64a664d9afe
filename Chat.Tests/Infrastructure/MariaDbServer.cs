using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using MySqlConnector;

namespace Chat.Tests.Infrastructure;

/// <summary>A throw-away MariaDB server in its own temp folder, listening on a free loopback port.</summary>
internal sealed class MariaDbServer : IAsyncDisposable
{
    private const string NotInstalled =
        "MariaDB is not installed: run 'apt-get install -y mariadb-server' as root (or run scripts/test.sh, which installs it).";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly string _dir;
    private readonly StringBuilder _output = new();
    private int _disposed;

    private MariaDbServer(Process process, string dir, int port)
    {
        (_process, _dir, Port) = (process, dir, port);
        DataReceivedEventHandler append = (_, e) => { lock (_output) { _output.AppendLine(e.Data); } };
        _process.OutputDataReceived += append;
        _process.ErrorDataReceived += append;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    public int Port { get; }

    // Pooling off: pooled connections would outlive the server and break the next one on the same port.
    private string AdminConnectionString => $"Server=127.0.0.1;Port={Port};User ID=root;Password=;Pooling=false;";

    public string ConnectionString(string database) =>
        $"Server=127.0.0.1;Port={Port};User ID=root;Password=;Database={database};";

    public static async Task<MariaDbServer> StartAsync()
    {
        var mariadbd = Find("mariadbd", "/usr/sbin/mariadbd", "/usr/sbin/mysqld");
        var installDb = Find("mariadb-install-db", "/usr/bin/mariadb-install-db", "/usr/bin/mysql_install_db");
        if (mariadbd is null || installDb is null) throw new InvalidOperationException(NotInstalled);

        var dir = Path.Combine(Path.GetTempPath(), $"chat-mariadb-{Guid.NewGuid():N}");
        var dataDir = Path.Combine(dir, "data");
        Directory.CreateDirectory(dir);
        // mariadbd refuses to start as root unless told to run as root explicitly.
        string[] asRoot = Environment.UserName == "root" ? ["--user=root"] : [];
        // install-db passes server options on; the small redo log saves writing 96 MB per server.
        var (exitCode, output) = await RunAsync(installDb, ["--no-defaults", $"--datadir={dataDir}",
            "--auth-root-authentication-method=normal", "--skip-test-db", "--innodb-log-file-size=16M", .. asRoot]);
        if (exitCode != 0)
        {
            TryDelete(dir);
            throw new InvalidOperationException($"mariadb-install-db failed with exit code {exitCode}:\n{output}");
        }

        var port = FreePort();
        var psi = new ProcessStartInfo(mariadbd, ["--no-defaults", $"--datadir={dataDir}", $"--socket={dir}/mysqld.sock",
            $"--port={port}", "--bind-address=127.0.0.1", "--skip-name-resolve", $"--pid-file={dir}/mysqld.pid",
            $"--log-error={dir}/error.log", "--innodb-buffer-pool-size=64M", "--innodb-log-file-size=16M",
            "--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci",
            "--innodb-flush-log-at-trx-commit=2", "--max-connections=500", .. asRoot])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        var server = new MariaDbServer(Process.Start(psi)!, dir, port);
        try
        {
            await server.WaitUntilReadyAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async Task DropDatabaseAsync(string database)
    {
        await using var connection = new MySqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, $"DROP DATABASE IF EXISTS `{database.Replace("`", "``", StringComparison.Ordinal)}`;");
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        if (!_process.HasExited)
        {
            // SIGTERM is mariadbd's clean shutdown; Process.Kill can only send SIGKILL.
            _ = Kill(_process.Id, 15);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
        TryDelete(_dir);
    }

    private async Task WaitUntilReadyAsync()
    {
        // Over the unix socket root@localhost gets in with the empty password install-db gave it.
        var socket = $"Server={_dir}/mysqld.sock;Protocol=Unix;User ID=root;Password=;Pooling=false;Connection Timeout=5;";
        var clock = Stopwatch.StartNew();
        while (!_process.HasExited)
        {
            try
            {
                await using var connection = new MySqlConnection(socket);
                await connection.OpenAsync();
                // Tests connect over TCP as root@127.0.0.1: don't rely on install-db having created that account.
                await ExecuteAsync(connection, "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '';" +
                    " GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;");
                await using var tcp = new MySqlConnection(AdminConnectionString);
                await tcp.OpenAsync();
                return;
            }
            catch (Exception ex) when (ex is MySqlException or SocketException or IOException)
            {
                if (clock.Elapsed > StartTimeout) throw Failure($"mariadbd did not accept connections within 60 s ({ex.Message}).");
                await Task.Delay(200);
            }
        }

        // Waiting for exit drains the redirected output, which holds the errors from before error.log was opened.
        _process.WaitForExit();
        throw Failure($"mariadbd exited with code {_process.ExitCode} during startup.");
    }

    private InvalidOperationException Failure(string message)
    {
        var log = Path.Combine(_dir, "error.log");
        var tail = File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(30)) : "(no error.log)";
        lock (_output)
        {
            return new InvalidOperationException(
                $"{message}\n--- error.log (tail) ---\n{tail}\n--- mariadbd stdout/stderr ---\n{_output.ToString().TrimEnd()}");
        }
    }

    // Safety net for a test run that ends without disposing the server: never leave a mariadbd behind.
    private void OnProcessExit(object? sender, EventArgs e)
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }

        TryDelete(_dir);
    }

    private static async Task ExecuteAsync(MySqlConnection connection, string sql)
    {
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(StartTimeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{file} did not finish within 60 s.");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    private static string? Find(string name, params string[] fallbacks) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).Concat(fallbacks).FirstOrDefault(File.Exists);

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
