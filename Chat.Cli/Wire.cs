using System.Text.Json.Serialization;

namespace Chat.Cli;

// The shapes of ../shared/PROTOCOL.md that the client reads; fields it does not use are left out.

internal sealed record UserRef(int Id, string Name);

internal sealed record TokenResponse(string AccessToken, long ExpiresIn, string RefreshToken, UserRef User);

internal sealed record ChatMessage(long Id, string Kind, int SenderId, string SenderName, int? RecipientId, int? GroupId,
    string Text, DateTimeOffset SentAt, string ClientMessageId, long? ReplyToId = null, DateTimeOffset? EditedAt = null,
    DateTimeOffset? DeletedAt = null, List<Reaction>? Reactions = null, long ChangeId = 0)
{
    /// <summary>The cursor position of this state: a message's id until it changes, then its change id.</summary>
    [JsonIgnore]
    public long Position => Math.Max(Id, ChangeId);
}

internal sealed record Reaction(string Emoji, List<int> UserIds);

internal sealed record Friend(int Id, string Name, bool Online);

internal sealed record Member(int Id, string Name, string Role, bool Online);

internal sealed record Group(int Id, string Name, string Description, int MemberCount, List<Member>? Members);

internal sealed record GroupPage(List<Group> Items, int Total);

internal sealed record SyncResult(UserRef Me, List<Friend> Friends, List<Group> Groups, List<ChatMessage> Messages, bool HasMore,
    List<ChatMessage>? Updates = null);

internal sealed record PresenceChange(int UserId, bool Online);

internal sealed record MemberJoined(int GroupId, Member Member);

internal sealed record MemberLeft(int GroupId, int UserId);

internal sealed record FriendRemoved(int UserId);

internal sealed record GroupDeleted(int GroupId);

internal sealed record TypingNotice(int UserId, int? GroupId);

internal sealed record UserFound(int Id, string Name, bool Online);
