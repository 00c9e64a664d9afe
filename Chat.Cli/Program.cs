using Chat.Cli;

if (args is ["--help"] or ["-h"])
{
    Console.WriteLine(CliOptions.Usage);
    return 0;
}

var options = CliOptions.Parse(args, out var error);
if (options is null)
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(CliOptions.Usage);
    return 2;
}

// Redirected input is a script: no line editor, no prompts, exit status says whether all went through.
return Console.IsInputRedirected
    ? await ScriptMode.RunAsync(options)
    : await InteractiveMode.RunAsync(options);
