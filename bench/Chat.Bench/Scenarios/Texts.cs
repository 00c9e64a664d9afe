namespace Chat.Bench.Scenarios;

/// <summary>Message texts and client message ids that say which step and message they belong to.</summary>
internal static class Texts
{
    public const int Length = 100;

    // Ends in a full stop, since the server trims the text it stores and a trailing space would not count.
    public static readonly string Hundred = string.Concat(Enumerable.Repeat("load test ", Length / 10))[..(Length - 1)] + ".";

    public static string ClientMessageId(char scenario, int step, int index) => $"{scenario}{step}-{index}";

    public static bool TryParse(string? clientMessageId, char scenario, out int step, out int index)
    {
        step = index = -1;
        if (clientMessageId is not { Length: > 2 } id || id[0] != scenario)
        {
            return false;
        }

        var dash = id.IndexOf('-');
        return dash > 1 && int.TryParse(id.AsSpan(1, dash - 1), out step) && int.TryParse(id.AsSpan(dash + 1), out index);
    }
}
