using System.Diagnostics;

namespace Chat.Server.Observability;

/// <summary>The node's own spans: a hub call, the storing of its message and the push. They carry ids (user,
/// message, batch size), never message text.</summary>
internal static class ChatActivities
{
    public const string SourceName = "Chat.Server";

    public static readonly ActivitySource Source = new(SourceName);
}
