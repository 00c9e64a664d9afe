using Chat.Server.Friends;

namespace Chat.Tests.Unit.Friends;

public sealed class FriendPairsTests
{
    [Fact]
    public void RemembersPairsEitherWayRoundAndNeverMoreThanItsCapacity()
    {
        var pairs = new FriendPairs();
        for (var i = 1; i <= FriendPairs.Capacity; i++)
        {
            pairs.Remember(i, i + 1);
            pairs.Remember(i + 1, i);
        }

        Assert.Equal(FriendPairs.Capacity, pairs.Count);
        pairs.Remember(-1, -2);
        Assert.Equal(1, pairs.Count);
    }

    [Fact]
    public void AForgottenPairIsGoneAndWhileSuspendedNothingIsRemembered()
    {
        var pairs = new FriendPairs();
        pairs.Remember(1, 2);
        pairs.Remember(3, 4);

        pairs.Forget(2, 1);
        Assert.Equal(1, pairs.Count);

        pairs.Suspend();
        Assert.Equal(0, pairs.Count);
        pairs.Remember(5, 6);
        Assert.Equal(0, pairs.Count);

        pairs.Resume();
        pairs.Remember(5, 6);
        Assert.Equal(1, pairs.Count);
    }
}
