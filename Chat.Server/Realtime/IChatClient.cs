using Chat.Server.Accounts;
using Chat.Server.Friends;
using Chat.Server.Groups;
using Chat.Server.Messaging;

namespace Chat.Server.Realtime;

/// <summary>The events a client receives; the method names go over the wire as written.</summary>
public interface IChatClient
{
    /// <summary>A stored message for one of the client's conversations.</summary>
    Task MessageReceived(MessageDto message);

    /// <summary>A message the client may see was edited, deleted or reacted to: its state now.</summary>
    Task MessageUpdated(MessageDto message);

    /// <summary>A friend or group co-member came online or went offline.</summary>
    Task PresenceChanged(PresenceDto presence);

    /// <summary>Someone made the user their friend.</summary>
    Task FriendAdded(UserDto friend);

    /// <summary>A friendship of the user ended (either side removed it, or blocked the other).</summary>
    Task FriendRemoved(FriendRemovedDto removed);

    /// <summary>Someone joined one of the user's groups.</summary>
    Task GroupMemberJoined(GroupMemberJoinedDto joined);

    /// <summary>Someone left (or was removed from) one of the user's groups.</summary>
    Task GroupMemberLeft(GroupMemberLeftDto left);

    /// <summary>One of the user's groups changed its name, description or creator.</summary>
    Task GroupUpdated(GroupDto group);

    /// <summary>One of the user's groups was deleted (or its last member, the user, left it).</summary>
    Task GroupDeleted(GroupDeletedDto deleted);

    /// <summary>The node may have missed pushing messages; the client should call Sync(lastId) now.</summary>
    Task SyncRequired();

    /// <summary>Someone is typing to the user, or in one of their groups.</summary>
    Task Typing(TypingDto typing);
}
