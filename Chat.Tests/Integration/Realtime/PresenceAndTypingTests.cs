using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Tests.Integration.Realtime;

public abstract class PresenceAndTypingTests(ChatAppFactory app)
{
    [Fact]
    public async Task FriendsAndGroupCoMembersSeeAUserComeOnlineAndGoOffline()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var carol = await app.ConnectedUserAsync("carol");
        await using var bob = await app.UserAsync("bob");
        await alice.AddFriendAsync(bob.Id);
        var group = await carol.CreateGroupAsync("presence club");
        (await bob.Http.PostAsync($"/api/groups/{group.Id}/members", null)).EnsureSuccessStatusCode();

        await bob.ConnectAsync();

        Assert.Equal(new WirePresence(bob.Id, true), await alice.Presence.WaitAsync(p => p.UserId == bob.Id));
        Assert.Equal(new WirePresence(bob.Id, true), await carol.Presence.WaitAsync(p => p.UserId == bob.Id));

        await bob.Hub.StopAsync();

        Assert.Equal(new WirePresence(bob.Id, false), await alice.Presence.WaitAsync(p => p.UserId == bob.Id && !p.Online));
        Assert.Equal(new WirePresence(bob.Id, false), await carol.Presence.WaitAsync(p => p.UserId == bob.Id && !p.Online));
        Assert.Equal(2, alice.Presence.Items.Count(p => p.UserId == bob.Id));
    }

    [Fact]
    public async Task OpeningOrClosingASecondConnectionDoesNotChangePresence()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var bob = await app.ConnectedUserAsync("bob");
        await using var carl = await app.ConnectedUserAsync("carl");
        await alice.AddFriendAsync(bob.Id);
        await alice.AddFriendAsync(carl.Id);

        await using var bobSecondTab = await bob.AnotherConnectionAsync();
        await bobSecondTab.Hub.StopAsync();
        await carl.Hub.StopAsync();
        await alice.Presence.WaitAsync(p => p.UserId == carl.Id && !p.Online);
        var barrier = await bob.SendDirectAsync(alice.Id, "still here");
        await alice.Messages.WaitAsync(m => m.Id == barrier.Id);

        Assert.DoesNotContain(alice.Presence.Items, p => p.UserId == bob.Id);
        Assert.Equal("online", (await bob.GetAsync<MeResponse>("/api/account/me")).State);
        Assert.Contains(new WireFriend(bob.Id, bob.Name, true), (await alice.SyncAsync(long.MaxValue)).Friends);
    }

    [Fact]
    public async Task StrangersNeverSeePresenceOrTyping()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var carol = await app.ConnectedUserAsync("carol");
        await using var stranger = await app.ConnectedUserAsync("stranger");
        await using var strangersFriend = await app.ConnectedUserAsync("strangers-friend");
        await strangersFriend.AddFriendAsync(stranger.Id);
        await using var bob = await app.UserAsync("bob");
        await alice.AddFriendAsync(bob.Id);
        var group = await carol.CreateGroupAsync("no strangers");
        (await bob.Http.PostAsync($"/api/groups/{group.Id}/members", null)).EnsureSuccessStatusCode();

        await bob.ConnectAsync();
        await TypingAsync(bob, alice.Id, null);
        await TypingAsync(bob, null, group.Id);
        await bob.Hub.StopAsync();
        await alice.Presence.WaitAsync(p => p.UserId == bob.Id && !p.Online);
        await carol.Presence.WaitAsync(p => p.UserId == bob.Id && !p.Online);
        var barrier = await strangersFriend.SendDirectAsync(stranger.Id, "just us");
        await stranger.Messages.WaitAsync(m => m.Id == barrier.Id);

        Assert.Equal(new WireTyping(bob.Id, null), await alice.Typing.WaitAsync(t => t.UserId == bob.Id));
        Assert.Equal(new WireTyping(bob.Id, group.Id), await carol.Typing.WaitAsync(t => t.UserId == bob.Id));
        Assert.DoesNotContain(stranger.Presence.Items, p => p.UserId == bob.Id);
        Assert.DoesNotContain(stranger.Typing.Items, t => t.UserId == bob.Id);
    }

    [Fact]
    public async Task TypingToAFriendArrivesWithoutAGroupId()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var bob = await app.ConnectedUserAsync("bob");
        await alice.AddFriendAsync(bob.Id);

        await TypingAsync(alice, bob.Id, null);

        Assert.Equal(new WireTyping(alice.Id, null), await bob.Typing.WaitAsync(_ => true));
    }

    [Fact]
    public async Task TypingInAGroupReachesTheOtherMembersWithTheGroupId()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var bob = await app.ConnectedUserAsync("bob");
        await using var carol = await app.ConnectedUserAsync("carol");
        var group = await alice.CreateGroupAsync("typists");
        await bob.JoinGroupAsync(group.Id);
        await carol.JoinGroupAsync(group.Id);

        await TypingAsync(alice, null, group.Id);

        Assert.Equal(new WireTyping(alice.Id, group.Id), await bob.Typing.WaitAsync(_ => true));
        Assert.Equal(new WireTyping(alice.Id, group.Id), await carol.Typing.WaitAsync(_ => true));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task TypingWithBothIdsOrNeitherIsRefused(bool both)
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var bob = await app.ConnectedUserAsync("bob");
        await alice.AddFriendAsync(bob.Id);
        var group = await alice.CreateGroupAsync("either or");
        await bob.JoinGroupAsync(group.Id);

        var error = await Assert.ThrowsAsync<HubException>(() => both ? TypingAsync(alice, bob.Id, group.Id) : TypingAsync(alice, null, null));
        var barrier = await alice.SendDirectAsync(bob.Id, "after the refusal");
        await bob.Messages.WaitAsync(m => m.Id == barrier.Id);

        Assert.Contains("exactly one", error.Message);
        Assert.Empty(bob.Typing.Items);
    }

    [Fact]
    public async Task TypingToANonFriendIsRefusedAndNotDelivered()
    {
        await using var mallory = await app.ConnectedUserAsync("mallory");
        await using var bob = await app.ConnectedUserAsync("bob");
        await using var bobsFriend = await app.ConnectedUserAsync("bobs-friend");
        await bobsFriend.AddFriendAsync(bob.Id);

        var error = await Assert.ThrowsAsync<HubException>(() => TypingAsync(mallory, bob.Id, null));
        var barrier = await bobsFriend.SendDirectAsync(bob.Id, "hi");
        await bob.Messages.WaitAsync(m => m.Id == barrier.Id);

        Assert.Contains("friends", error.Message);
        Assert.Empty(bob.Typing.Items);
    }

    [Fact]
    public async Task TypingInAGroupYouAreNotInIsRefusedAndNotDelivered()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var bob = await app.ConnectedUserAsync("bob");
        await using var mallory = await app.ConnectedUserAsync("mallory");
        var group = await alice.CreateGroupAsync("closed doors");
        await bob.JoinGroupAsync(group.Id);

        var error = await Assert.ThrowsAsync<HubException>(() => TypingAsync(mallory, null, group.Id));
        var barrier = await alice.SendGroupAsync(group.Id, "members only");
        await bob.Messages.WaitAsync(m => m.Id == barrier.Id);
        await alice.Messages.WaitAsync(m => m.Id == barrier.Id);

        Assert.Contains("not a member", error.Message);
        Assert.Empty(bob.Typing.Items);
        Assert.Empty(alice.Typing.Items);
    }

    [Fact]
    public async Task AddFriendMakesBothFriendsAtOnceAndTellsTheOtherSide()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var bob = await app.ConnectedUserAsync("bob");

        var friend = await alice.AddFriendAsync(bob.Id);

        Assert.Equal(new WireFriend(bob.Id, bob.Name, true), friend);
        Assert.Equal(new WireFriend(alice.Id, alice.Name, true), await bob.FriendsAdded.WaitAsync(_ => true));
        Assert.Equal([new WireFriend(bob.Id, bob.Name, true)], (await alice.SyncAsync()).Friends);
        Assert.Equal([new WireFriend(alice.Id, alice.Name, true)], (await bob.SyncAsync()).Friends);
    }

    [Fact]
    public async Task AddingYourselfAsAFriendIsRefused()
    {
        await using var alice = await app.ConnectedUserAsync("alice");

        var error = await Assert.ThrowsAsync<HubException>(() => alice.AddFriendAsync(alice.Id));

        Assert.Contains("yourself", error.Message);
        Assert.Empty((await alice.SyncAsync()).Friends);
    }

    [Fact]
    public async Task AddingAnUnknownUserAsAFriendIsRefused()
    {
        await using var alice = await app.ConnectedUserAsync("alice");

        var error = await Assert.ThrowsAsync<HubException>(() => alice.AddFriendAsync(int.MaxValue));

        Assert.Contains("no user", error.Message);
        Assert.Empty((await alice.SyncAsync()).Friends);
    }

    [Fact]
    public async Task SyncWithoutAnIdReturnsMeFriendsWithOnlineFlagsAndGroupsWithMembers()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var bob = await app.ConnectedUserAsync("bob");
        await using var carl = await app.UserAsync("carl");
        await alice.AddFriendAsync(bob.Id);
        await alice.AddFriendAsync(carl.Id);
        var group = await alice.CreateGroupAsync("sync club", "for syncing");
        await bob.JoinGroupAsync(group.Id);

        var sync = await alice.SyncAsync();

        Assert.Equal(new UserRef(alice.Id, alice.Name), sync.Me);
        Assert.Equal(
            [new WireFriend(bob.Id, bob.Name, true), new WireFriend(carl.Id, carl.Name, false)],
            sync.Friends.OrderBy(f => f.Id));
        var synced = Assert.Single(sync.Groups);
        Assert.Equal((group.Id, "sync club", "for syncing", 2), (synced.Id, synced.Name, synced.Description, synced.MemberCount));
        Assert.Equal(
            [new WireMember(alice.Id, alice.Name, "creator", true), new WireMember(bob.Id, bob.Name, "normal", true)],
            synced.Members!.OrderBy(m => m.Id));
        Assert.Empty(sync.Messages);
        Assert.False(sync.HasMore);
    }

    private static Task TypingAsync(ChatClient client, int? toUserId, int? groupId) =>
        client.Hub.InvokeAsync("Typing", toUserId, groupId);
}

[Trait("Database", "Sqlite")]
public sealed class SqlitePresenceAndTypingTests(SqliteChatApp app) : PresenceAndTypingTests(app), IClassFixture<SqliteChatApp>;

[Trait("Database", "MariaDb")]
public sealed class MariaDbPresenceAndTypingTests(MariaDbChatApp app) : PresenceAndTypingTests(app), IClassFixture<MariaDbChatApp>;
