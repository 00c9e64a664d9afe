using System.Diagnostics;
using System.Net;

namespace Chat.Tests.Infrastructure.Cluster;

/// <summary>One chat node as its own process (the server build of this configuration), so that a test can
/// SIGKILL it like a crash or SIGTERM it like a deployment, and start it again on the same port. Every line
/// it writes also goes to <paramref name="output"/>, when given.</summary>
internal sealed class NodeProcess(string name, int port, IReadOnlyDictionary<string, string> environment, EventLog<string>? output = null)
    : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private ChildProcess? _process;

    public string Name => name;

    public Uri Uri { get; } = new($"http://127.0.0.1:{port}/");

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts the node (again, after a kill or stop) and waits until /healthz/ready answers 200.</summary>
    public async Task StartAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"{name} is already running.");
        }

        if (!File.Exists(RepoPaths.ServerDll))
        {
            throw new InvalidOperationException($"{RepoPaths.ServerDll} is missing: build the solution first (dotnet build Chat.sln).");
        }

        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        _process = ChildProcess.Start("dotnet", [RepoPaths.ServerDll, "--urls", $"http://127.0.0.1:{port}"],
            environment, RepoPaths.ServerDirectory, output);
        await WaitUntilReadyAsync(_process);
    }

    public Task StartAgainAsync() => StartAsync();

    /// <summary>SIGKILL, as in a crash: no graceful shutdown, sockets reset by the kernel.</summary>
    public Task KillAsync() => _process?.KillAsync() ?? Task.CompletedTask;

    /// <summary>SIGTERM, the graceful stop, and wait for the process to end.</summary>
    public Task StopAsync() => _process?.StopAsync(TimeSpan.FromSeconds(30)) ?? Task.CompletedTask;

    /// <summary>What GET /healthz/ready answers now: Healthy, Degraded, Unhealthy, or why there is no answer.</summary>
    public async Task<string> ReadinessAsync()
    {
        using var http = new HttpClient { BaseAddress = Uri, Timeout = TimeSpan.FromSeconds(20) };
        try
        {
            using var response = await http.GetAsync("/healthz/ready");
            return await response.Content.ReadAsStringAsync();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return $"no answer ({e.Message})";
        }
    }

    /// <summary>The last lines of the node's log, for failure messages.</summary>
    public string Tail(int lines = 60) => _process?.Tail(lines) ?? "(not started)";

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }

    private async Task WaitUntilReadyAsync(ChildProcess process)
    {
        using var http = new HttpClient { BaseAddress = Uri, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        var last = "no answer yet";
        while (!process.HasExited && clock.Elapsed < ReadyTimeout)
        {
            try
            {
                using var response = await http.GetAsync("/healthz/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.Message;
            }

            // A starting node announces nothing: poll its health endpoint.
            await Task.Delay(100);
        }

        var why = process.HasExited
            ? $"{name} exited with code {process.ExitCode} during startup."
            : $"{name} was not ready within 60 s (last answer: {last}).";
        // Waiting for the end drains the redirected output, which holds the reason.
        await process.KillAsync();
        throw new InvalidOperationException($"{why}\n--- {name} stdout/stderr (tail) ---\n{process.Tail()}");
    }
}
