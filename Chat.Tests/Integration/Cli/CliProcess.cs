using System.Diagnostics;
using Chat.Tests.Infrastructure;
using Chat.Tests.Infrastructure.Cluster;

namespace Chat.Tests.Integration.Cli;

/// <summary>The console client in script mode: commands written to its standard input, every line it
/// prints collected, so a test waits for a line instead of sleeping.</summary>
internal sealed class CliProcess : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;

    private CliProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Collect(e.Data);
        _process.ErrorDataReceived += (_, e) => Collect(e.Data is null ? null : "stderr: " + e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static string Dll => Path.Combine(RepoPaths.Root, "Chat.Cli", "bin", RepoPaths.Configuration, "net10.0", "Chat.Cli.dll");

    public EventLog<string> Lines { get; } = new();

    public string Output => string.Join('\n', Lines.Items);

    /// <summary>Runs `chat --url node --user name [args]` with the test password in CHAT_PASSWORD.</summary>
    public static CliProcess Start(Uri node, string user, params string[] args)
    {
        if (!File.Exists(Dll))
        {
            throw new InvalidOperationException($"{Dll} is missing: build the solution first (dotnet build Chat.sln).");
        }

        var start = new ProcessStartInfo("dotnet", [Dll, "--url", node.ToString(), "--user", user, .. args])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["CHAT_PASSWORD"] = ChatAppFactory.Password;
        return new CliProcess(Process.Start(start)!);
    }

    public async Task SendAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>The first line, printed already or still to come, that contains <paramref name="text"/>.</summary>
    public async Task<string> WaitForAsync(string text)
    {
        try
        {
            return await Lines.WaitAsync(l => l.Contains(text, StringComparison.Ordinal), Timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No line with \"{text}\" within {Timeout.TotalSeconds} s. Output:\n{Output}");
        }
    }

    /// <summary>Ends the input and waits for the exit; returns the exit code.</summary>
    public async Task<int> EndAsync()
    {
        _process.StandardInput.Close();
        using var cts = new CancellationTokenSource(Timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public int Count(string text) => Lines.Items.Count(l => l.Contains(text, StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Collect(string? line)
    {
        if (line is not null)
        {
            Lines.Add(line);
        }
    }
}
