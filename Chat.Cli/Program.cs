namespace Chat.Cli;

// A named class, not top-level statements: the tests see this assembly's internals, and a global
// Program would clash with Chat.Server's.
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["--help"] or ["-h"])
        {
            Console.WriteLine(CliOptions.Usage);
            return 0;
        }

        var options = CliOptions.Parse(args, out var error);
        if (options is null)
        {
            await Console.Error.WriteLineAsync($"{error}\n{CliOptions.Usage}");
            return 2;
        }

        // Redirected input is a script: no line editor, no prompts, and the exit status says whether all went through.
        return Console.IsInputRedirected
            ? await ScriptMode.RunAsync(options)
            : await InteractiveMode.RunAsync(options);
    }
}
