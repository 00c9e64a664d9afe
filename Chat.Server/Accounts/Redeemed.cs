namespace Chat.Server.Accounts;

/// <summary>A session family and the generation its next refresh token gets.</summary>
internal sealed record Redeemed(ChatUser User, Guid Family, int Generation);
