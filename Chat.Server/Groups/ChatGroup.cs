namespace Chat.Server.Groups;

/// <summary>A chat group (the original <c>AllGroup</c> table).</summary>
internal sealed class ChatGroup
{
    public const int NameMaxLength = 64;
    public const int DescriptionMaxLength = 200;

    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Description { get; set; }
    public int CreatorId { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>A member of a group (the original <c>GroupUser</c> table, keyed by group and user).</summary>
internal sealed class GroupMember
{
    public int GroupId { get; set; }
    public int UserId { get; set; }
    public required string Role { get; set; }
    public DateTime JoinedAt { get; set; }
}

internal static class GroupRoles
{
    public const string Creator = "creator";
    public const string Normal = "normal";
}
