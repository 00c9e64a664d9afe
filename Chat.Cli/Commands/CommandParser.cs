using System.Diagnostics.CodeAnalysis;

namespace Chat.Cli.Commands;

/// <summary>Reads both forms: the spaced one (<c>chat bob hi there</c>) and the original client's colon form
/// (<c>chat:2:hello</c>, <c>addfriend:2</c>), so its users' habits carry over.</summary>
internal static class CommandParser
{
    public const int DefaultHistory = 20;
    public const int MaxHistory = 200;

    /// <summary>Rest: the last argument takes the rest of the line, spaces and colons included.</summary>
    private sealed record Verb(string Name, int Min, int Max, bool Rest, string Usage);

    private static readonly Verb[] Verbs =
    [
        new("chat", 2, 2, true, "chat <friend> <text>"),
        new("addfriend", 1, 1, false, "addfriend <user>"),
        new("creategroup", 1, 2, true, "creategroup <name> <description>"),
        new("addgroup", 1, 1, false, "addgroup <group>"),
        new("groupchat", 2, 2, true, "groupchat <group> <text>"),
        new("loginout", 0, 0, false, "loginout"),
        new("history", 1, 2, false, "history <friend|#group> [n]"),
        new("who", 0, 0, false, "who"),
        new("find", 1, 1, false, "find <name>"),
        new("help", 0, 0, false, "help"),
        new("quit", 0, 0, false, "quit"),
    ];

    // The other original client's names (ORIGINAL-SYSTEM.md a.4, M), and the obvious one for quit.
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["addcontact"] = "addfriend",
        ["joingroup"] = "addgroup",
        ["logout"] = "loginout",
        ["exit"] = "quit",
    };

    public static IEnumerable<string> Usages => Verbs.Select(v => v.Usage);

    public static bool TryParse(string line, [NotNullWhen(true)] out Command? command, out string error)
    {
        command = null;
        error = "";
        var text = line.Trim();
        var head = text.Split((char[]?)null, 2)[0];
        var colon = head.IndexOf(':');
        var name = colon >= 0 ? head[..colon] : head;
        var verb = Find(name);
        if (verb is null)
        {
            error = text.Length == 0 ? "Type a command; help lists them." : $"Unknown command \"{name}\"; help lists the commands.";
            return false;
        }

        var rest = text[(colon >= 0 ? colon + 1 : name.Length)..];
        var args = colon >= 0 ? Split(rest, ':', verb) : Split(rest.Trim(), ' ', verb);
        if (args.Count < verb.Min || args.Count > verb.Max || args.Any(a => a.Length == 0))
        {
            error = $"Usage: {verb.Usage}";
            return false;
        }

        if (verb.Name == "history" && args.Count == 2 && !(int.TryParse(args[1], out var n) && n is >= 1 and <= MaxHistory))
        {
            error = $"The number of messages must be 1 to {MaxHistory}.";
            return false;
        }

        command = new Command(verb.Name, args);
        return true;
    }

    private static Verb? Find(string name)
    {
        var canonical = Aliases.GetValueOrDefault(name, name);
        return Verbs.FirstOrDefault(v => string.Equals(v.Name, canonical, StringComparison.OrdinalIgnoreCase));
    }

    private static List<string> Split(string rest, char separator, Verb verb)
    {
        if (rest.Length == 0)
        {
            return [];
        }

        var parts = separator == ' '
            ? rest.Split(' ', verb.Rest ? verb.Max : int.MaxValue, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : rest.Split(separator, verb.Rest ? verb.Max : int.MaxValue);
        return [.. parts.Select(p => p.Trim())];
    }
}
