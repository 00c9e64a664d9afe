namespace Chat.Tests.Infrastructure.Cluster;

/// <summary>Runs <c>dotnet Chat.Server.dll admin ...</c> as an operator would, with the node's settings.</summary>
internal static class AdminTool
{
    public static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var output = new EventLog<string>();
        await using var command = ChildProcess.Start("dotnet", [RepoPaths.ServerDll, .. args], environment, RepoPaths.ServerDirectory, output);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await command.WaitForExitAsync(timeout.Token);
        return (command.ExitCode, string.Join('\n', output.Items));
    }
}
