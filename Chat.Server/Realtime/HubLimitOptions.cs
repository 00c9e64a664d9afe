using System.ComponentModel.DataAnnotations;

namespace Chat.Server.Realtime;

/// <summary>How fast one user may send messages and typing notices, and how many catch-ups a node runs at once (section <c>Hub</c>).</summary>
internal sealed class HubLimitOptions
{
    public const string Section = "Hub";

    /// <summary>Messages a user may send in a burst, over all their connections and nodes.</summary>
    [Range(1, 1_000_000)]
    public int MessageBurst { get; set; } = 10;

    /// <summary>Messages per second a user may keep sending after the burst.</summary>
    [Range(1, 1_000_000)]
    public double MessagesPerSecond { get; set; } = 5;

    /// <summary>At most one Typing per user and conversation is relayed in this many seconds.</summary>
    [Range(0.001, 3600)]
    public double TypingIntervalSeconds { get; set; } = 2;

    /// <summary>Connection set-ups and Syncs this node runs at once (see <see cref="CatchUpGate"/>).</summary>
    [Range(1, 10_000)]
    public int ConcurrentCatchUps { get; set; } = 16;
}
