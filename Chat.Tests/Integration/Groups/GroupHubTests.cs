using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Tests.Integration.Groups;

public abstract class GroupHubTests(ChatAppFactory app)
{
    [Fact]
    public async Task CreateGroupReturnsTheGroupWithTheCallerAsItsOnlyMemberAndCreator()
    {
        await using var alice = await app.ConnectedUserAsync("alice");

        var group = await alice.CreateGroupAsync("book club", "we read");

        Assert.True(group.Id > 0);
        Assert.Equal(("book club", "we read", 1), (group.Name, group.Description, group.MemberCount));
        var member = Assert.Single(group.Members!);
        Assert.Equal(new WireMember(alice.Id, alice.Name, "creator", true), member);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("a name that is far too long for a group because it goes past sixty-four characters")]
    public async Task CreateGroupWithAnEmptyOrInvalidNameIsRefusedAndCreatesNothing(string? name)
    {
        await using var alice = await app.ConnectedUserAsync("alice");

        var error = await Assert.ThrowsAsync<HubException>(() => alice.Hub.InvokeAsync<WireGroup>("CreateGroup", name, "description"));

        Assert.Contains("name", error.Message);
        Assert.Empty((await alice.SyncAsync()).Groups);
    }

    [Fact]
    public async Task JoinGroupReturnsTheGroupWithItsMembersAndTellsTheExistingMembers()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var bob = await app.ConnectedUserAsync("bob");
        var created = await alice.CreateGroupAsync("hikers");

        var joined = await bob.JoinGroupAsync(created.Id);

        Assert.Equal((created.Id, "hikers", 2), (joined.Id, joined.Name, joined.MemberCount));
        Assert.Equal(
            [new WireMember(alice.Id, alice.Name, "creator", true), new WireMember(bob.Id, bob.Name, "normal", true)],
            joined.Members!.OrderBy(m => m.Role == "creator" ? 0 : 1));
        var told = await alice.MembersJoined.WaitAsync(j => j.GroupId == created.Id);
        Assert.Equal(new WireMember(bob.Id, bob.Name, "normal", true), told.Member);
    }

    [Fact]
    public async Task JoiningAnUnknownGroupIsRefused()
    {
        await using var alice = await app.ConnectedUserAsync("alice");

        var error = await Assert.ThrowsAsync<HubException>(() => alice.JoinGroupAsync(int.MaxValue));

        Assert.Contains("no group", error.Message);
        Assert.Empty((await alice.SyncAsync()).Groups);
    }

    [Fact]
    public async Task GroupMessageReachesEveryConnectionOfEveryMemberIncludingTheSender()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var aliceSecondTab = await alice.AnotherConnectionAsync();
        await using var bob = await app.ConnectedUserAsync("bob");
        await using var carol = await app.ConnectedUserAsync("carol");
        var group = await alice.CreateGroupAsync("three friends");
        await bob.JoinGroupAsync(group.Id);
        await carol.JoinGroupAsync(group.Id);

        var sent = await bob.SendGroupAsync(group.Id, "hello all");

        Assert.Equal(("group", bob.Id, bob.Name, (int?)null, (int?)group.Id, "hello all"),
            (sent.Kind, sent.SenderId, sent.SenderName, sent.RecipientId, sent.GroupId, sent.Text));
        foreach (var member in new[] { alice, aliceSecondTab, bob, carol })
        {
            Assert.Equal(sent, await member.Messages.WaitAsync(m => m.Id == sent.Id));
        }
    }

    [Fact]
    public async Task NonMemberCannotSendToAGroupAndNothingIsDeliveredOrStored()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var bob = await app.ConnectedUserAsync("bob");
        await using var mallory = await app.ConnectedUserAsync("mallory");
        var group = await alice.CreateGroupAsync("private club");
        await bob.JoinGroupAsync(group.Id);

        var error = await Assert.ThrowsAsync<HubException>(() => mallory.SendGroupAsync(group.Id, "let me in"));
        var barrier = await alice.SendGroupAsync(group.Id, "members only");
        await bob.Messages.WaitAsync(m => m.Id == barrier.Id);
        await alice.Messages.WaitAsync(m => m.Id == barrier.Id);

        Assert.Contains("not a member", error.Message);
        Assert.Equal([barrier.Id], bob.Messages.Items.Select(m => m.Id));
        Assert.Equal([barrier.Id], alice.Messages.Items.Select(m => m.Id));
        Assert.Equal([barrier.Id], (await bob.GroupHistoryAsync(group.Id, null, 50)).Select(m => m.Id));
        Assert.Equal([barrier.Id], (await bob.SyncAsync(0)).Messages.Select(m => m.Id));
        Assert.Empty((await mallory.SyncAsync(0)).Messages);
    }

    [Fact]
    public async Task NonMemberCannotReadGroupHistory()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var mallory = await app.ConnectedUserAsync("mallory");
        var group = await alice.CreateGroupAsync("secrets");
        await alice.SendGroupAsync(group.Id, "the secret");

        var error = await Assert.ThrowsAsync<HubException>(() => mallory.GroupHistoryAsync(group.Id, null, 50));

        Assert.Contains("not a member", error.Message);
    }

    [Fact]
    public async Task MemberWhoLeavesIsAnnouncedAndGetsNoMoreMessagesOrTypingFromTheGroup()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var bob = await app.ConnectedUserAsync("bob");
        await using var carol = await app.ConnectedUserAsync("carol");
        await bob.AddFriendAsync(carol.Id);
        var group = await alice.CreateGroupAsync("leavers");
        await bob.JoinGroupAsync(group.Id);
        await carol.JoinGroupAsync(group.Id);

        await bob.Hub.InvokeAsync("LeaveGroup", group.Id);
        var afterLeave = await alice.SendGroupAsync(group.Id, "did bob go?");
        await alice.Hub.InvokeAsync("Typing", null, group.Id);
        var barrier = await carol.SendDirectAsync(bob.Id, "are you still there?");
        await bob.Messages.WaitAsync(m => m.Id == barrier.Id);

        Assert.Equal(new WireMemberLeft(group.Id, bob.Id), await alice.MembersLeft.WaitAsync(l => l.UserId == bob.Id));
        Assert.Equal(new WireMemberLeft(group.Id, bob.Id), await carol.MembersLeft.WaitAsync(l => l.UserId == bob.Id));
        Assert.Equal(new WireMemberLeft(group.Id, bob.Id), await bob.MembersLeft.WaitAsync(l => l.UserId == bob.Id)); // his other tabs learn it too
        await carol.Messages.WaitAsync(m => m.Id == afterLeave.Id);
        Assert.DoesNotContain(bob.Messages.Items, m => m.GroupId == group.Id);
        Assert.DoesNotContain(bob.Typing.Items, t => t.GroupId == group.Id);
        Assert.DoesNotContain((await bob.SyncAsync(0)).Messages, m => m.GroupId == group.Id);
        Assert.DoesNotContain((await bob.SyncAsync(0)).Groups, g => g.Id == group.Id);
    }

    [Fact]
    public async Task GroupHistoryIsRefusedAfterLeaving()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var bob = await app.ConnectedUserAsync("bob");
        var group = await alice.CreateGroupAsync("history club");
        await bob.JoinGroupAsync(group.Id);
        await alice.SendGroupAsync(group.Id, "before bob left");
        Assert.Single(await bob.GroupHistoryAsync(group.Id, null, 50));

        await bob.Hub.InvokeAsync("LeaveGroup", group.Id);

        var error = await Assert.ThrowsAsync<HubException>(() => bob.GroupHistoryAsync(group.Id, null, 50));
        Assert.Contains("not a member", error.Message);
    }

    [Fact]
    public async Task LeavingAGroupYouAreNotInIsRefused()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var bob = await app.ConnectedUserAsync("bob");
        var group = await alice.CreateGroupAsync("not yours");

        var error = await Assert.ThrowsAsync<HubException>(() => bob.Hub.InvokeAsync("LeaveGroup", group.Id));

        Assert.Contains("not a member", error.Message);
        Assert.Equal([alice.Id], (await alice.SyncAsync()).Groups.Single(g => g.Id == group.Id).Members!.Select(m => m.Id));
    }

    [Fact]
    public async Task GroupHistoryPagesBackFromTheNewestEachPageOldestFirst()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        var group = await alice.CreateGroupAsync("pager");
        var sent = new List<WireMessage>();
        for (var i = 1; i <= 7; i++)
        {
            sent.Add(await alice.SendGroupAsync(group.Id, $"message {i}"));
        }

        var newest = await alice.GroupHistoryAsync(group.Id, null, 3);
        var middle = await alice.GroupHistoryAsync(group.Id, newest[0].Id, 3);
        var oldest = await alice.GroupHistoryAsync(group.Id, middle[0].Id, 3);
        var beyond = await alice.GroupHistoryAsync(group.Id, oldest[0].Id, 3);

        Assert.Equal(["message 5", "message 6", "message 7"], newest.Select(m => m.Text));
        Assert.Equal(["message 2", "message 3", "message 4"], middle.Select(m => m.Text));
        Assert.Equal(["message 1"], oldest.Select(m => m.Text));
        Assert.Empty(beyond);
        Assert.Equal(sent.Select(m => m.Id), oldest.Concat(middle).Concat(newest).Select(m => m.Id));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(201)]
    [InlineData(-1)]
    public async Task GroupHistoryLimitOutsideOneToTwoHundredIsRefused(int limit)
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        var group = await alice.CreateGroupAsync("limits");
        await alice.SendGroupAsync(group.Id, "one");

        var error = await Assert.ThrowsAsync<HubException>(() => alice.GroupHistoryAsync(group.Id, null, limit));

        Assert.Contains("limit", error.Message);
        Assert.Single(await alice.GroupHistoryAsync(group.Id, null, 200));
    }
}

[Trait("Database", "Sqlite")]
public sealed class SqliteGroupHubTests(SqliteChatApp app) : GroupHubTests(app), IClassFixture<SqliteChatApp>;

[Trait("Database", "MariaDb")]
public sealed class MariaDbGroupHubTests(MariaDbChatApp app) : GroupHubTests(app), IClassFixture<MariaDbChatApp>;
