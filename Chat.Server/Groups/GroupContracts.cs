using System.ComponentModel.DataAnnotations;

namespace Chat.Server.Groups;

public sealed record MemberDto(int Id, string Name, string Role, bool Online);

public sealed record GroupSummaryDto(int Id, string Name, string Description, int MemberCount);

public sealed record GroupDto(int Id, string Name, string Description, int MemberCount, IReadOnlyList<MemberDto> Members);

public sealed record GroupPageDto(IReadOnlyList<GroupSummaryDto> Items, int Total);

public sealed record GroupMemberJoinedDto(int GroupId, MemberDto Member);

public sealed record GroupMemberLeftDto(int GroupId, int UserId);

public sealed record GroupDeletedDto(int GroupId);

public sealed record CreatorRequest([Required] int? UserId);

public sealed record GroupRequest(
    [Required, StringLength(ChatGroup.NameMaxLength)] string Name,
    [StringLength(ChatGroup.DescriptionMaxLength)] string? Description);
