namespace Chat.Cli.Commands;

/// <summary>A parsed command line: the verb (aliases resolved) and its arguments, names or ids as typed.</summary>
internal sealed record Command(string Verb, IReadOnlyList<string> Args)
{
    public string Arg(int index) => Args[index];

    public string? OptionalArg(int index) => index < Args.Count ? Args[index] : null;
}
