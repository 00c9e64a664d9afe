namespace Chat.Server.Messaging;

/// <summary>The rules a message's text and client id must meet before anything is stored.</summary>
internal static class MessageText
{
    /// <summary>Why the message cannot be stored, or null with the text to store in <paramref name="clean"/>.</summary>
    public static string? Problem(string? text, string? clientMessageId, out string clean)
    {
        if (UserText.Problem(text, "message text", Message.TextMaxLength, UserText.Kind.Running, out clean) is { } problem)
        {
            return problem;
        }

        if (string.IsNullOrEmpty(clientMessageId) || clientMessageId.Length > Message.ClientMessageIdMaxLength)
        {
            return $"clientMessageId must be 1 to {Message.ClientMessageIdMaxLength} characters.";
        }

        return null;
    }
}
