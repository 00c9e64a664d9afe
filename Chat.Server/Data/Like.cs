namespace Chat.Server.Data;

/// <summary>Makes user text match literally inside a LIKE pattern (no % or _ wildcards from users).</summary>
internal static class Like
{
    public const string EscapeChar = "\\";

    public static string Escape(string text) =>
        text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
