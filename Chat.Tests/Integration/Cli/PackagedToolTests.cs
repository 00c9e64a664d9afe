using System.Diagnostics;
using Chat.Tests.Infrastructure;
using Chat.Tests.Infrastructure.Cluster;

namespace Chat.Tests.Integration.Cli;

/// <summary>`dotnet pack` gives a .NET tool named chat that an operator installs from the package and that works.</summary>
public sealed class PackagedToolTests(CliNode node) : IClassFixture<CliNode>
{
    [Fact]
    public async Task ThePackInstallsAsTheChatCommandAndItSignsInAndRunsAScript()
    {
        var dir = ChildProcess.CreateTempDirectory("chat-tool");
        try
        {
            // --no-build: the solution's build is the one the other tests use; packing must not rebuild it under them.
            var packed = await RunAsync("dotnet", "pack", Path.Combine(RepoPaths.Root, "Chat.Cli"), "-c", RepoPaths.Configuration, "--no-build",
                "-o", Path.Combine(dir, "packages"));
            Assert.True(packed.ExitCode == 0, packed.Output);
            var installed = await RunAsync("dotnet", "tool", "install", "Chat.Cli", "--tool-path", Path.Combine(dir, "tools"),
                "--add-source", Path.Combine(dir, "packages"));
            Assert.True(installed.ExitCode == 0, installed.Output);
            var name = ChatAppFactory.UniqueName("tool");

            var session = await RunAsync(Path.Combine(dir, "tools", "chat"), "--url", node.Uri.ToString(), "--user", name, "--register");

            Assert.True(session.ExitCode == 0, session.Output);
            Assert.Contains($"Logged in as {name} (#", session.Output);
            Assert.Contains("No messages while you were away.", session.Output);
        }
        finally
        {
            ChildProcess.TryDelete(dir);
        }
    }

    /// <summary>Runs to the end with standard input closed at once (the tool's script mode then ends).</summary>
    private static async Task<(int ExitCode, string Output)> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file, args)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["CHAT_PASSWORD"] = ChatAppFactory.Password;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var (stdout, stderr) = (process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, $"$ {file} {string.Join(' ', args)} -> {process.ExitCode}\n{await stdout}{await stderr}");
    }
}
