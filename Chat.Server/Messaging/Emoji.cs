using System.Globalization;
using System.Text;

namespace Chat.Server.Messaging;

/// <summary>What a reaction may be: one emoji, that is one grapheme that is a pictograph, a flag or a keycap.</summary>
internal static class Emoji
{
    public static bool IsSingle(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > MessageReaction.EmojiMaxLength || !text.IsNormalized(NormalizationForm.FormC)
            || StringInfo.GetNextTextElementLength(text) != text.Length)
        {
            return false;
        }

        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value is 0x20E3 // a keycap: 1️⃣
                || rune.Value is >= 0x1F1E6 and <= 0x1F1FF // regional indicators: flags
                || Rune.GetUnicodeCategory(rune) == UnicodeCategory.OtherSymbol)
            {
                return true;
            }
        }

        return false;
    }
}
