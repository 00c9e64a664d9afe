using System.Globalization;
using System.Text;

namespace Chat.Server;

/// <summary>What people type, made safe to store and show: one normal form (NFC, so the same words are the
/// same bytes), no control characters but line breaks and tabs in running text, and nothing that is
/// empty to the eye. Names are single lines without the bidirectional controls that make "gnp.exe" look
/// like "exe.png".</summary>
internal static class UserText
{
    public enum Kind
    {
        /// <summary>A message or a description: several lines, any script direction.</summary>
        Running,

        /// <summary>A name: one line, no bidirectional embeddings, overrides or isolates.</summary>
        Name,
    }

    /// <summary>Why <paramref name="text"/> cannot be stored as <paramref name="what"/>, or null with the text to
    /// store (normalised and trimmed) in <paramref name="clean"/>.</summary>
    public static string? Problem(string? text, string what, int maxLength, Kind kind, out string clean)
    {
        clean = "";
        if (text is null)
        {
            return $"The {what} is empty.";
        }

        if (!IsWellFormed(text))
        {
            return $"The {what} is not valid Unicode text.";
        }

        clean = text.Normalize(NormalizationForm.FormC).Trim();
        var visible = false;
        foreach (var rune in clean.EnumerateRunes())
        {
            if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.Control && (kind == Kind.Name || (rune.Value != '\n' && rune.Value != '\t' && rune.Value != '\r')))
            {
                return $"The {what} contains a control character.";
            }

            if (kind == Kind.Name && IsBidiControl(rune))
            {
                return $"The {what} contains a character that reverses the direction of the text.";
            }

            visible |= !IsInvisible(rune);
        }

        if (!visible)
        {
            return $"The {what} is empty.";
        }

        return clean.Length > maxLength ? $"The {what} is longer than {maxLength} characters." : null;
    }

    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsSurrogate(text[i]) && !(char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[++i])))
            {
                return false;
            }
        }

        return true;
    }

    // Embeddings and overrides (U+202A-U+202E) and isolates (U+2066-U+2069).
    private static bool IsBidiControl(Rune rune) => rune.Value is >= 0x202A and <= 0x202E or >= 0x2066 and <= 0x2069;

    // Spaces, format characters (zero-width space and joiners, direction marks, soft hyphen, BOM, tags),
    // controls, variation selectors and the Hangul and Braille blanks.
    private static bool IsInvisible(Rune rune) =>
        Rune.IsWhiteSpace(rune)
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.Control
        || rune.Value is >= 0xFE00 and <= 0xFE0F or >= 0xE0100 and <= 0xE01EF
        || rune.Value is 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x2800;
}
