using System.Globalization;
using System.Text.Json;

namespace Chat.Bench.Scenarios;

/// <summary>Message texts and client message ids that say which step and message they belong to.</summary>
internal static class Texts
{
    public const int Length = 100;

    // Ends in a full stop, since the server trims the text it stores and a trailing space would not count.
    public static readonly string Hundred = string.Concat(Enumerable.Repeat("load test ", Length / 10))[..(Length - 1)] + ".";

    /// <summary><see cref="Hundred"/> as the lean connection writes it.</summary>
    public static readonly JsonEncodedText HundredJson = JsonEncodedText.Encode(Hundred);

    private static readonly byte[] HundredUtf8 = System.Text.Encoding.ASCII.GetBytes(Hundred);

    /// <summary>An edit's new text, as long as <see cref="Hundred"/>: different for every edit (an edit to the
    /// same text changes nothing and pushes nothing), and saying which step and message made it.</summary>
    public static string Edit(int step, int index)
    {
        var prefix = string.Create(CultureInfo.InvariantCulture, $"edit {step}-{index} ");
        return prefix + Hundred[prefix.Length..];
    }

    /// <summary>Reads an edit's text back: true only when it is exactly <see cref="Edit"/>(step, index).</summary>
    public static bool TryParseEdit(ReadOnlySpan<byte> text, out int step, out int index)
    {
        step = index = -1;
        if (!text.StartsWith("edit "u8))
        {
            return false;
        }

        var tag = text[5..];
        var space = tag.IndexOf((byte)' ');
        var dash = tag.IndexOf((byte)'-');
        if (space < 0 || dash < 1 || dash > space || !int.TryParse(tag[..dash], out step) || !int.TryParse(tag[(dash + 1)..space], out index))
        {
            return false;
        }

        var length = 5 + space + 1;
        return length < HundredUtf8.Length && text[length..].SequenceEqual(HundredUtf8.AsSpan(length));
    }

    public static string ClientMessageId(char scenario, int step, int index) => $"{scenario}{step}-{index}";

    /// <summary><see cref="ClientMessageId"/> written as a JSON string, without making the string.</summary>
    public static void WriteClientMessageId(Utf8JsonWriter json, char scenario, int step, int index)
    {
        Span<char> id = stackalloc char[24];
        id[0] = scenario;
        step.TryFormat(id[1..], out var stepLength, provider: CultureInfo.InvariantCulture);
        id[1 + stepLength] = '-';
        index.TryFormat(id[(2 + stepLength)..], out var indexLength, provider: CultureInfo.InvariantCulture);
        json.WriteStringValue(id[..(2 + stepLength + indexLength)]);
    }

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

    /// <summary>The same, read from the UTF-8 bytes of a message on the wire.</summary>
    public static bool TryParse(ReadOnlySpan<byte> clientMessageId, char scenario, out int step, out int index)
    {
        step = index = -1;
        if (clientMessageId.Length <= 2 || clientMessageId[0] != (byte)scenario)
        {
            return false;
        }

        var dash = clientMessageId.IndexOf((byte)'-');
        return dash > 1 && int.TryParse(clientMessageId[1..dash], out step) && int.TryParse(clientMessageId[(dash + 1)..], out index);
    }
}
