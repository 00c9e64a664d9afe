using Chat.Cli.Api;
using Chat.Cli.Commands;
using Chat.Cli.Output;
using Chat.Cli.Session;

namespace Chat.Cli;

/// <summary>Commands from standard input, one per line, results and events on standard output; exits when the
/// input ends (after --wait), with status 1 when a command was refused.</summary>
internal static class ScriptMode
{
    public static async Task<int> RunAsync(CliOptions options)
    {
        var password = Environment.GetEnvironmentVariable(CliOptions.PasswordVariable);
        if (options.User is null || string.IsNullOrEmpty(password))
        {
            await Console.Error.WriteLineAsync($"With standard input redirected, give --user NAME and the password in {CliOptions.PasswordVariable}.");
            return 2;
        }

        using var api = new ChatApi(options.Url);
        var sink = new PlainSink(Console.Out);
        await using var session = new ChatSession(api, sink, options.Json);
        try
        {
            if (options.Register)
            {
                await api.RegisterAsync(options.User, password);
            }

            await api.LoginAsync(options.User, password);
            await session.StartAsync();
        }
        catch (Exception e) when (e is RefusedException or HttpRequestException)
        {
            session.Printer.Refused(options.Register ? "register" : "login", e.Message);
            return 1;
        }

        var runner = new CommandRunner(session);
        var refused = false;
        var outcome = Outcome.Done;
        while (outcome is not (Outcome.Quit or Outcome.LoggedOut) && await Console.In.ReadLineAsync() is { } line)
        {
            if (line.Trim().Length > 0)
            {
                outcome = await runner.RunAsync(line);
                refused |= outcome == Outcome.Refused;
            }
        }

        // Events still due (a reply, a presence change) arrive during the wait the caller asked for.
        await Task.WhenAny(Task.Delay(options.Wait, session.Link.Stopped));
        var ended = outcome != Outcome.LoggedOut && session.Link.Stopped.IsCancellationRequested;
        return refused || ended ? 1 : 0;
    }
}
