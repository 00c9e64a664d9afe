using System.Net;
using System.Net.Http.Json;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Tests.Integration.Friends;

/// <summary>Friendships end (RemoveFriend, or a block), for both sides at once; a block keeps the blocked user
/// away from the blocker: no friend request, message, typing notice or presence.</summary>
public abstract class UnfriendAndBlockTests(ChatAppFactory app)
{
    private static async Task<(ChatClient Alice, ChatClient Bob)> FriendsWhoChattedAsync(ChatAppFactory app)
    {
        var alice = await app.ConnectedUserAsync("alice");
        var bob = await app.ConnectedUserAsync("bob");
        await alice.AddFriendAsync(bob.Id);
        // Both directions sent once, so the node remembers the pair: what ends must be forgotten too.
        var hello = await alice.SendDirectAsync(bob.Id, "hello");
        await bob.SendDirectAsync(alice.Id, "hi");
        await bob.Messages.WaitAsync(m => m.Id == hello.Id);
        return (alice, bob);
    }

    private static async Task<HttpStatusCode> BlockAsync(ChatClient blocker, int userId) =>
        (await blocker.Http.PutAsync($"/api/account/blocks/{userId}", null)).StatusCode;

    private static async Task<HttpStatusCode> UnblockAsync(ChatClient blocker, int userId) =>
        (await blocker.Http.DeleteAsync($"/api/account/blocks/{userId}")).StatusCode;

    [Fact]
    public async Task RemoveFriendEndsTheFriendshipForBothAndTellsBoth()
    {
        var (alice, bob) = await FriendsWhoChattedAsync(app);
        await using var _ = alice;
        await using var __ = bob;

        await alice.RemoveFriendAsync(bob.Id);

        Assert.Equal(bob.Id, (await alice.FriendsRemoved.WaitAsync(r => true)).UserId);
        Assert.Equal(alice.Id, (await bob.FriendsRemoved.WaitAsync(r => true)).UserId);
        var fromBob = await Assert.ThrowsAsync<HubException>(() => bob.SendDirectAsync(alice.Id, "still there?"));
        var fromAlice = await Assert.ThrowsAsync<HubException>(() => alice.SendDirectAsync(bob.Id, "bye"));
        Assert.Contains("friend", fromBob.Message);
        Assert.Contains("friend", fromAlice.Message);
        await Assert.ThrowsAsync<HubException>(() => bob.Hub.InvokeAsync("Typing", alice.Id, null));
        Assert.Empty((await alice.SyncAsync()).Friends);
        Assert.Empty((await bob.SyncAsync()).Friends);
        // Nothing refused was stored: only the two messages sent while friends.
        var sync = await alice.SyncAsync(0);
        Assert.Equal(["hello", "hi"], sync.Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task RemovingSomeoneWhoIsNotAFriendIsRefused()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var stranger = await app.ConnectedUserAsync("stranger");

        var error = await Assert.ThrowsAsync<HubException>(() => alice.RemoveFriendAsync(stranger.Id));

        Assert.Contains("not your friend", error.Message);
        Assert.Empty(stranger.FriendsRemoved.Items);
    }

    [Fact]
    public async Task ABlockEndsTheFriendshipAndTheBlockedUserCanNoLongerReachTheBlocker()
    {
        var (alice, bob) = await FriendsWhoChattedAsync(app);
        await using var _ = alice;
        await using var __ = bob;

        Assert.Equal(HttpStatusCode.NoContent, await BlockAsync(alice, bob.Id));

        Assert.Equal(bob.Id, (await alice.FriendsRemoved.WaitAsync(r => true)).UserId);
        Assert.Equal(alice.Id, (await bob.FriendsRemoved.WaitAsync(r => true)).UserId);
        var send = await Assert.ThrowsAsync<HubException>(() => bob.SendDirectAsync(alice.Id, "why?"));
        var befriend = await Assert.ThrowsAsync<HubException>(() => bob.AddFriendAsync(alice.Id));
        var typing = await Assert.ThrowsAsync<HubException>(() => bob.Hub.InvokeAsync("Typing", alice.Id, null));
        Assert.Contains("friend", send.Message);
        Assert.Contains("does not accept you", befriend.Message);
        Assert.Contains("friends", typing.Message);
        // The blocker is told why they cannot befriend whom they blocked.
        Assert.Contains("unblock", (await Assert.ThrowsAsync<HubException>(() => alice.AddFriendAsync(bob.Id))).Message);
        Assert.Empty((await bob.SyncAsync()).Friends);
        Assert.Empty(alice.FriendsAdded.Items);
        Assert.Equal([bob.Id], (await alice.GetAsync<List<UserRef>>("/api/account/blocks")).Select(b => b.Id));
        Assert.Empty(await bob.GetAsync<List<UserRef>>("/api/account/blocks"));
    }

    [Fact]
    public async Task TheBlockedUserSeesNoPresenceOfTheBlockerWhereOthersDo()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var bob = await app.ConnectedUserAsync("bob");
        await using var carol = await app.ConnectedUserAsync("carol");
        var group = await alice.CreateGroupAsync("neighbours");
        await bob.JoinGroupAsync(group.Id);
        await carol.JoinGroupAsync(group.Id);
        Assert.Equal(HttpStatusCode.NoContent, await BlockAsync(alice, bob.Id));

        // Alice goes offline and comes back: carol is told both times, bob neither.
        await alice.Hub.StopAsync();
        await carol.Presence.WaitAsync(p => p.UserId == alice.Id && !p.Online);
        await alice.ConnectAsync();
        await carol.Presence.WaitAsync(p => p.UserId == alice.Id && p.Online);
        // Pushed after the presence events: once bob has it, he would have had them.
        var barrier = await alice.SendGroupAsync(group.Id, "barrier");
        await bob.Messages.WaitAsync(m => m.Id == barrier.Id);

        Assert.DoesNotContain(bob.Presence.Items, p => p.UserId == alice.Id);
        Assert.False((await bob.GetAsync<WireGroup>($"/api/groups/{group.Id}")).Members!.Single(m => m.Id == alice.Id).Online);
        Assert.True((await carol.GetAsync<WireGroup>($"/api/groups/{group.Id}")).Members!.Single(m => m.Id == alice.Id).Online);
        Assert.False((await bob.SyncAsync()).Groups.Single().Members!.Single(m => m.Id == alice.Id).Online);
        Assert.False((await bob.GetAsync<List<WireFriend>>($"/api/users?name={alice.Name}")).Single().Online);
        Assert.True((await carol.GetAsync<List<WireFriend>>($"/api/users?name={alice.Name}")).Single().Online);
        // The blocker still sees the blocked user's presence: a block is one way.
        Assert.True((await alice.GetAsync<WireGroup>($"/api/groups/{group.Id}")).Members!.Single(m => m.Id == bob.Id).Online);
    }

    [Fact]
    public async Task GroupPushesShowTheBlockerOfflineToTheBlockedMemberAndOnlineToTheOthers()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var bob = await app.ConnectedUserAsync("bob");
        await using var carol = await app.ConnectedUserAsync("carol");
        var group = await bob.CreateGroupAsync("pushed");
        await carol.JoinGroupAsync(group.Id);
        Assert.Equal(HttpStatusCode.NoContent, await BlockAsync(alice, bob.Id));

        await alice.JoinGroupAsync(group.Id);
        var joinedForBob = await bob.MembersJoined.WaitAsync(j => j.Member.Id == alice.Id);
        var joinedForCarol = await carol.MembersJoined.WaitAsync(j => j.Member.Id == alice.Id);
        var renamed = await bob.Http.PutAsJsonAsync($"/api/groups/{group.Id}", new { name = "renamed", description = "" });
        var updatedForBob = await bob.GroupsUpdated.WaitAsync(g => g.Name == "renamed");
        var updatedForCarol = await carol.GroupsUpdated.WaitAsync(g => g.Name == "renamed");
        var updatedForAlice = await alice.GroupsUpdated.WaitAsync(g => g.Name == "renamed");

        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal((false, true), (joinedForBob.Member.Online, joinedForCarol.Member.Online));
        Assert.False(updatedForBob.Members!.Single(m => m.Id == alice.Id).Online);
        Assert.True(updatedForCarol.Members!.Single(m => m.Id == alice.Id).Online);
        // One push each: the members who see everyone are not sent the group twice.
        Assert.Single(carol.GroupsUpdated.Items);
        Assert.True(updatedForAlice.Members!.Single(m => m.Id == bob.Id).Online);
    }

    [Fact]
    public async Task BlockingYourselfOrSomeoneUnknownAndUnblockingSomeoneNotBlockedAreRefused()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var bob = await app.ConnectedUserAsync("bob");
        using var anonymous = app.CreateHttpClient();

        Assert.Equal(HttpStatusCode.BadRequest, await BlockAsync(alice, alice.Id));
        Assert.Equal(HttpStatusCode.NotFound, await BlockAsync(alice, int.MaxValue));
        Assert.Equal(HttpStatusCode.NotFound, await UnblockAsync(alice, bob.Id));
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsync($"/api/account/blocks/{bob.Id}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/account/blocks")).StatusCode);
        Assert.Empty(await alice.GetAsync<List<UserRef>>("/api/account/blocks"));
    }

    [Fact]
    public async Task BlockingTwiceIsOneBlockAndUnblockingBringsNoFriendshipBackButAllowsANewOne()
    {
        var (alice, bob) = await FriendsWhoChattedAsync(app);
        await using var _ = alice;
        await using var __ = bob;

        Assert.Equal(HttpStatusCode.NoContent, await BlockAsync(alice, bob.Id));
        Assert.Equal(HttpStatusCode.NoContent, await BlockAsync(alice, bob.Id));
        Assert.Single(await alice.GetAsync<List<UserRef>>("/api/account/blocks"));
        Assert.Equal(HttpStatusCode.NoContent, await UnblockAsync(alice, bob.Id));

        Assert.Empty(await alice.GetAsync<List<UserRef>>("/api/account/blocks"));
        Assert.Empty((await alice.SyncAsync()).Friends);
        await Assert.ThrowsAsync<HubException>(() => bob.SendDirectAsync(alice.Id, "are we friends again?"));
        Assert.Equal(alice.Id, (await bob.AddFriendAsync(alice.Id)).Id);
        var sent = await bob.SendDirectAsync(alice.Id, "friends again");
        Assert.Equal(sent.Id, (await alice.Messages.WaitAsync(m => m.Id == sent.Id)).Id);
    }
}

[Trait("Database", "Sqlite")]
public sealed class SqliteUnfriendAndBlockTests(SqliteChatApp app) : UnfriendAndBlockTests(app), IClassFixture<SqliteChatApp>;

[Trait("Database", "MariaDb")]
public sealed class MariaDbUnfriendAndBlockTests(MariaDbChatApp app) : UnfriendAndBlockTests(app), IClassFixture<MariaDbChatApp>;
