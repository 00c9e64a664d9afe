namespace Chat.Server.Groups;

/// <summary>A user the group's creator or an admin banned: removed, and refused when they join again.</summary>
internal sealed class GroupBan
{
    public int GroupId { get; set; }
    public int UserId { get; set; }
    public DateTime CreatedAt { get; set; }
}
