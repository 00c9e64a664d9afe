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
