using System.Diagnostics;
using System.Net.Sockets;
using MySqlConnector;

namespace Chat.Tests.Infrastructure.Cluster;

/// <summary>A private MariaDB server, started the way <see cref="MariaDbServer"/> starts the shared one, that a
/// test can stop (SIGTERM, clean shutdown) and start again on the same data folder and port: a database
/// outage. Never the shared server, which every other test uses.</summary>
internal sealed class StoppableMariaDb : IAsyncDisposable
{
    private const string NotInstalled =
        "MariaDB is not installed: run 'apt-get install -y mariadb-server' as root (or run scripts/test.sh, which installs it).";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _mariadbd;
    private readonly string _dir;
    private ChildProcess? _process;

    private StoppableMariaDb(string mariadbd, string dir, int port) => (_mariadbd, _dir, Port) = (mariadbd, dir, port);

    public int Port { get; }

    public bool IsRunning => _process is { HasExited: false };

    private string DataDir => Path.Combine(_dir, "data");

    private string AdminConnectionString => $"Server=127.0.0.1;Port={Port};User ID=root;Password=;Pooling=false;";

    public string ConnectionString(string database) =>
        $"Server=127.0.0.1;Port={Port};User ID=root;Password=;Database={database};";

    public static async Task<StoppableMariaDb> StartAsync()
    {
        var mariadbd = ChildProcess.Find("mariadbd", "/usr/sbin/mariadbd", "/usr/sbin/mysqld");
        var installDb = ChildProcess.Find("mariadb-install-db", "/usr/bin/mariadb-install-db", "/usr/bin/mysql_install_db");
        if (mariadbd is null || installDb is null)
        {
            throw new InvalidOperationException(NotInstalled);
        }

        var server = new StoppableMariaDb(mariadbd, ChildProcess.CreateTempDirectory("chat-mariadb-stoppable"), ChildProcess.FreePort());
        try
        {
            await using (var install = ChildProcess.Start(installDb, ["--no-defaults", $"--datadir={server.DataDir}",
                "--auth-root-authentication-method=normal", "--skip-test-db", "--innodb-log-file-size=16M", .. AsRoot]))
            {
                using var cts = new CancellationTokenSource(StartTimeout);
                await install.WaitForExitAsync(cts.Token);
                if (install.ExitCode != 0)
                {
                    throw new InvalidOperationException($"mariadb-install-db failed with exit code {install.ExitCode}:\n{install.Tail()}");
                }
            }

            await server.StartAgainAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts mariadbd (again) on the same data folder and port.</summary>
    public async Task StartAgainAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        _process = ChildProcess.Start(_mariadbd, ["--no-defaults", $"--datadir={DataDir}", $"--socket={_dir}/mysqld.sock",
            $"--port={Port}", "--bind-address=127.0.0.1", "--skip-name-resolve", $"--pid-file={_dir}/mysqld.pid",
            $"--log-error={_dir}/error.log", "--innodb-buffer-pool-size=64M", "--innodb-log-file-size=16M",
            "--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci",
            "--innodb-flush-log-at-trx-commit=2", "--max-connections=500", .. AsRoot]);
        await WaitUntilReadyAsync(_process);
    }

    /// <summary>SIGTERM, mariadbd's clean shutdown: its clients' connections drop and new ones are refused.</summary>
    public Task StopAsync() => _process?.StopAsync(TimeSpan.FromSeconds(30)) ?? Task.CompletedTask;

    public async Task DropDatabaseAsync(string database)
    {
        await using var connection = new MySqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand($"DROP DATABASE IF EXISTS `{database.Replace("`", "``", StringComparison.Ordinal)}`;", connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        ChildProcess.TryDelete(_dir);
    }

    // mariadbd refuses to start as root unless told to run as root explicitly.
    private static string[] AsRoot => Environment.UserName == "root" ? ["--user=root"] : [];

    private async Task WaitUntilReadyAsync(ChildProcess process)
    {
        // Over the unix socket root@localhost gets in with the empty password install-db gave it.
        var socket = $"Server={_dir}/mysqld.sock;Protocol=Unix;User ID=root;Password=;Pooling=false;Connection Timeout=5;";
        var clock = Stopwatch.StartNew();
        while (!process.HasExited)
        {
            try
            {
                await using var connection = new MySqlConnection(socket);
                await connection.OpenAsync();
                await using var grant = new MySqlCommand("CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '';" +
                    " GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;", connection);
                await grant.ExecuteNonQueryAsync();
                await using var tcp = new MySqlConnection(AdminConnectionString);
                await tcp.OpenAsync();
                return;
            }
            catch (Exception ex) when (ex is MySqlException or SocketException or IOException)
            {
                if (clock.Elapsed > StartTimeout)
                {
                    throw Failure($"mariadbd did not accept connections within 60 s ({ex.Message}).", process);
                }

                // A starting server announces nothing: poll it.
                await Task.Delay(200);
            }
        }

        await process.KillAsync();
        throw Failure($"mariadbd exited with code {process.ExitCode} during startup.", process);
    }

    private InvalidOperationException Failure(string message, ChildProcess process)
    {
        var log = Path.Combine(_dir, "error.log");
        var tail = File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(30)) : "(no error.log)";
        return new InvalidOperationException($"{message}\n--- error.log (tail) ---\n{tail}\n--- mariadbd stdout/stderr ---\n{process.Tail()}");
    }
}
