namespace Chat.Server.Groups;

/// <summary>A member of a group (the original <c>GroupUser</c> table, keyed by group and user).</summary>
internal sealed class GroupMember
{
    public int GroupId { get; set; }
    public int UserId { get; set; }
    public required string Role { get; set; }
    public DateTime JoinedAt { get; set; }
}
