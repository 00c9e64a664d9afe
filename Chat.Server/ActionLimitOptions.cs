using System.ComponentModel.DataAnnotations;

namespace Chat.Server;

/// <summary>How much of the social graph one user may make how fast (section <c>Limits</c>).</summary>
internal sealed class ActionLimitOptions
{
    public const string Section = "Limits";

    /// <summary>AddFriend calls per user per minute, whatever their outcome (ids are not to be walked).</summary>
    [Range(1, 1_000_000)]
    public int FriendAddsPerMinute { get; set; } = 20;

    /// <summary>Groups one user may create per hour.</summary>
    [Range(1, 1_000_000)]
    public int GroupsCreatedPerHour { get; set; } = 10;

    /// <summary>Groups one user may own (be the creator of) at once; each is in every Sync of theirs.</summary>
    [Range(1, 1_000_000)]
    public int GroupsOwned { get; set; } = 100;
}
