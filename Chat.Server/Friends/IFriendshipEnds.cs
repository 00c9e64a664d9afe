namespace Chat.Server.Friends;

/// <summary>Makes every node forget an ended friendship (see <see cref="FriendPairs"/>): when this returns, no
/// node lets the two send to each other on the strength of what it remembered.</summary>
internal interface IFriendshipEnds
{
    Task EndedAsync(int userId, int otherId);
}
