namespace Chat.Cli;

/// <summary>The command line: <c>--url</c>, and for scripts <c>--user</c>, <c>--register</c>, <c>--json</c>
/// and <c>--wait</c>; the password comes from CHAT_PASSWORD, never from the command line (ps shows it).</summary>
internal sealed record CliOptions(Uri Url, string? User, bool Register, bool Json, TimeSpan Wait)
{
    public const string PasswordVariable = "CHAT_PASSWORD";

    public const string Usage = """
        Usage: chat [--url http://localhost:5000] [--user NAME [--register]] [--json] [--wait SECONDS]
          --url       the node or the cluster's entry (default http://localhost:5000)
          --user      log in as NAME; the password is read from CHAT_PASSWORD (or asked for, when interactive)
          --register  create the account first
          --json      results and events as JSON lines
          --wait      after the input ends (script mode), wait this long for events still due
        With standard input redirected, commands are read from it, one per line.
        """;

    public static CliOptions? Parse(string[] args, out string error)
    {
        error = "";
        var options = new CliOptions(new Uri("http://localhost:5000/"), null, false, false, TimeSpan.Zero);
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--url" when Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme is "http" or "https":
                    options = options with { Url = new Uri(url.ToString().TrimEnd('/') + "/") };
                    i++;
                    break;
                case "--user" when !string.IsNullOrWhiteSpace(value):
                    options = options with { User = value };
                    i++;
                    break;
                case "--wait" when double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds >= 0:
                    options = options with { Wait = TimeSpan.FromSeconds(seconds) };
                    i++;
                    break;
                case "--register":
                    options = options with { Register = true };
                    break;
                case "--json":
                    options = options with { Json = true };
                    break;
                default:
                    error = args[i] is "--url" or "--user" or "--wait"
                        ? $"{args[i]} needs a valid value."
                        : $"Unknown option {args[i]}.";
                    return null;
            }
        }

        return options;
    }
}
