using System.ComponentModel.DataAnnotations;

namespace Chat.Server.Admin;

public sealed record AdminUserDto(int Id, string Name, bool Online, bool Admin, bool Disabled, DateTime CreatedAt, DateTime? LastSeenAt);

public sealed record AdminUserPageDto(IReadOnlyList<AdminUserDto> Items, int Total);

public sealed record DisabledRequest([Required] bool? Disabled);

public sealed record PasswordResetRequest([Required] string Password);
