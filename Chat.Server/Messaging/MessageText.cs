namespace Chat.Server.Messaging;

/// <summary>The rules a message's text and client id must meet before anything is stored.</summary>
internal static class MessageText
{
    public static string? Problem(string? text, string? clientMessageId)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "The message text is empty.";
        }

        if (text.Trim().Length > Message.TextMaxLength)
        {
            return $"The message text is longer than {Message.TextMaxLength} characters.";
        }

        if (string.IsNullOrEmpty(clientMessageId) || clientMessageId.Length > Message.ClientMessageIdMaxLength)
        {
            return $"clientMessageId must be 1 to {Message.ClientMessageIdMaxLength} characters.";
        }

        return null;
    }
}
