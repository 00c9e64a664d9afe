namespace Chat.Tests.Infrastructure;

// The wire shapes of ../shared/PROTOCOL.md, written out again on the client side so that a renamed
// field on the server breaks these tests instead of passing silently.
public sealed record UserRef(int Id, string Name);

public sealed record TokenResponse(string TokenType, string AccessToken, long ExpiresIn, string RefreshToken, UserRef User);

public sealed record MeResponse(int Id, string Name, string State);

public sealed record UserFound(int Id, string Name, bool Online);

public sealed record WireMessage(
    long Id, string Kind, int SenderId, string SenderName, int? RecipientId, int? GroupId,
    string Text, DateTime SentAt, string ClientMessageId, DateTime? DeletedAt = null,
    long? ReplyToId = null, DateTime? EditedAt = null, List<WireReaction>? Reactions = null, long ChangeId = 0)
{
    // By value, reactions too (a record compares lists by reference): two reads of one message are equal.
    public bool Equals(WireMessage? other) => other is not null && Fields == other.Fields && ReactionsText == other.ReactionsText;

    public override int GetHashCode() => Fields.GetHashCode();

    private (long, string, int, string, int?, int?, string, DateTime, string, DateTime?, long?, DateTime?, long) Fields =>
        (Id, Kind, SenderId, SenderName, RecipientId, GroupId, Text, SentAt, ClientMessageId, DeletedAt, ReplyToId, EditedAt, ChangeId);

    private string ReactionsText => string.Join(";", (Reactions ?? []).Select(r => $"{r.Emoji}:{string.Join(",", r.UserIds)}"));
}

public sealed record WireReaction(string Emoji, List<int> UserIds);

public sealed record WireFriend(int Id, string Name, bool Online);

public sealed record WireFriendRemoved(int UserId);

public sealed record WireMember(int Id, string Name, string Role, bool Online);

public sealed record WireGroup(int Id, string Name, string Description, int MemberCount, List<WireMember>? Members);

public sealed record WireGroupPage(List<WireGroup> Items, int Total);

public sealed record WireSyncResult(
    UserRef Me, List<WireFriend> Friends, List<WireGroup> Groups, List<WireMessage> Messages, bool HasMore, List<WireMessage>? Updates = null);

public sealed record WirePresence(int UserId, bool Online);

public sealed record WireMemberJoined(int GroupId, WireMember Member);

public sealed record WireMemberLeft(int GroupId, int UserId);

public sealed record WireGroupDeleted(int GroupId);

public sealed record WireTyping(int UserId, int? GroupId);

public sealed record WireAdminUser(int Id, string Name, bool Online, bool Admin, bool Disabled, DateTime CreatedAt, DateTime? LastSeenAt);

public sealed record WireAdminUserPage(List<WireAdminUser> Items, int Total);

public sealed record WireSettings(bool ReadReceipts);
