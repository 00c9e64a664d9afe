namespace Chat.Bench.Setup;

// The parts of ../shared/PROTOCOL.md's shapes the load generator reads; other fields are ignored.

internal sealed record Credentials(string Name, string Password);

internal sealed record UserRef(int Id, string Name);

internal sealed record LoginResponse(string TokenType, string AccessToken, int ExpiresIn, UserRef User);

internal sealed record WireMessage(long Id, string Kind, int SenderId, int? RecipientId, int? GroupId, string ClientMessageId);

internal sealed record WireGroup(int Id, string Name);

internal sealed record SyncResult(IReadOnlyList<WireMessage> Messages, bool HasMore);

/// <summary>A registered, signed-in user of one stack.</summary>
internal sealed record BenchUser(int Id, string Name, string AccessToken);
