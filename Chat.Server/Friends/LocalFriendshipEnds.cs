namespace Chat.Server.Friends;

/// <summary>A single node: its own memory is the only one.</summary>
internal sealed class LocalFriendshipEnds(FriendPairs pairs) : IFriendshipEnds
{
    public Task EndedAsync(int userId, int otherId)
    {
        pairs.Forget(userId, otherId);
        return Task.CompletedTask;
    }
}
