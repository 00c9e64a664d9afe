using System.ComponentModel.DataAnnotations;

namespace Chat.Server.Accounts;

public sealed record CredentialsRequest([Required] string Name, [Required] string Password);

public sealed record RefreshRequest([Required] string RefreshToken);

public sealed record UserRefDto(int Id, string Name);

public sealed record TokenDto(string TokenType, string AccessToken, long ExpiresIn, string RefreshToken, UserRefDto User);

public sealed record MeStateDto(int Id, string Name, string State);

/// <summary>A user and whether they are online: a friend, a search result.</summary>
public sealed record UserDto(int Id, string Name, bool Online);

public sealed record SettingsDto(bool ReadReceipts);

public sealed record SettingsRequest([Required] bool? ReadReceipts);

public sealed record PasswordChangeRequest([Required] string CurrentPassword, [Required] string NewPassword);

public sealed record DeleteAccountRequest([Required] string Password, bool Erase = false);
