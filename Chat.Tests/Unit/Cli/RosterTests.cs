using Chat.Cli;
using Chat.Cli.Session;

namespace Chat.Tests.Unit.Cli;

public sealed class RosterTests
{
    private static Roster Loaded()
    {
        var roster = new Roster();
        roster.Load(new SyncResult(new UserRef(1, "alice"),
            [new Friend(2, "bob", true), new Friend(3, "Carol", false), new Friend(4, "carol", false)],
            [new Group(7, "devs", "", 2, [new Member(1, "alice", "creator", true), new Member(2, "bob", "normal", true)])],
            [], false));
        return roster;
    }

    [Theory]
    [InlineData("bob", 2)]
    [InlineData("BOB", 2)]
    [InlineData("2", 2)]
    [InlineData("99", 99)]
    [InlineData("Carol", 3)]
    [InlineData("carol", 4)]
    public void FriendsAreFoundByNameOrId(string token, int id)
    {
        Assert.Equal(id, Loaded().FindFriend(token));
    }

    [Theory]
    [InlineData("dave")]
    [InlineData("CAROL")]
    public void UnknownOrAmbiguousNamesFindNobody(string token)
    {
        Assert.Null(Loaded().FindFriend(token));
    }

    [Fact]
    public void GroupsAreFoundByNameOrId()
    {
        var roster = Loaded();

        Assert.Equal(7, roster.FindGroup("devs"));
        Assert.Equal(7, roster.FindGroup("7"));
        Assert.Null(roster.FindGroup("ops"));
    }

    [Fact]
    public void PresenceReachesFriendsAndMembers()
    {
        var roster = Loaded();

        roster.SetPresence(2, false);

        Assert.False(roster.Friends.Single(f => f.Id == 2).Online);
        Assert.False(roster.Groups.Single().Members!.Single(m => m.Id == 2).Online);
    }
}
