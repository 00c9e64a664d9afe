using System.Diagnostics;
using Chat.Tests.Infrastructure.Cluster;

namespace Chat.Tests.Integration.Cli;

/// <summary>A real terminal for the console client: a tmux server of its own (its own socket), keys sent with
/// send-keys and the screen read with capture-pane.</summary>
internal sealed class TmuxTerminal : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly string _tmux;
    private readonly string _socket = $"chat-cli-{Guid.NewGuid():N}";

    private TmuxTerminal(string tmux) => _tmux = tmux;

    /// <summary>Runs the client in a 160x50 window; the pane stays after the client exits, for the error message.</summary>
    public static async Task<TmuxTerminal> StartAsync(params string[] clientArgs)
    {
        var tmux = ChildProcess.Find("tmux", "/usr/bin/tmux") ?? throw new InvalidOperationException(
            "tmux is missing; the interactive test needs it. Run as root: apt-get update && apt-get install -y tmux (bash scripts/test.sh does).");
        var terminal = new TmuxTerminal(tmux);
        await terminal.RunAsync(["new-session", "-d", "-s", "cli", "-x", "160", "-y", "50", "dotnet", CliProcess.Dll, .. clientArgs,
            ";", "set-option", "-t", "cli", "remain-on-exit", "on"]);
        return terminal;
    }

    /// <summary>Types <paramref name="text"/> as it is (no key names), then Enter when asked.</summary>
    public async Task TypeAsync(string text, bool enter = false)
    {
        await RunAsync(["send-keys", "-t", "cli", "-l", text]);
        if (enter)
        {
            await RunAsync(["send-keys", "-t", "cli", "Enter"]);
        }
    }

    /// <summary>The whole pane, scroll-back included, wrapped rows joined.</summary>
    public Task<string> ScreenAsync() => RunAsync(["capture-pane", "-p", "-J", "-t", "cli", "-S", "-"]);

    public static string LastLine(string screen) => screen.Split('\n').Select(l => l.TrimEnd()).Last(l => l.Length > 0);

    /// <summary>Polls the screen until <paramref name="holds"/>; nothing tells when a terminal has been drawn.</summary>
    public async Task<string> WaitForAsync(Func<string, bool> holds, string what, TimeSpan? timeout = null)
    {
        await Eventually.HoldsAsync(ScreenAsync, holds, timeout ?? Timeout, what);
        return await ScreenAsync();
    }

    public Task<string> WaitForAsync(string text, TimeSpan? timeout = null) =>
        WaitForAsync(s => s.Contains(text, StringComparison.Ordinal), $"the screen shows \"{text}\"", timeout);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync(["kill-server"]);
        }
        catch (InvalidOperationException)
        {
            // Already gone: nothing of ours is left to stop.
        }
    }

    private async Task<string> RunAsync(string[] args)
    {
        var start = new ProcessStartInfo(_tmux, ["-L", _socket, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The tmux server starts with the first command and needs a terminal type even when the tests have none.
        start.Environment["TERM"] = "xterm-256color";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"tmux {string.Join(' ', args)} exited with {process.ExitCode}: {await error}");
        }

        return await output;
    }
}
