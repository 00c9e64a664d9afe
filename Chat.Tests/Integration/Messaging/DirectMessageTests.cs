using Chat.Server.Data;
using Chat.Server.Friends;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Tests.Integration.Messaging;

public abstract class DirectMessageTests(ChatAppFactory app)
{
    [Fact]
    public async Task FriendsChatBothWays()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var bob = await app.ConnectedUserAsync("bob");
        await alice.AddFriendAsync(bob.Id);

        var sent = await alice.SendDirectAsync(bob.Id, "hello bob");
        var reply = await bob.SendDirectAsync(alice.Id, "hi alice 😀");

        var received = await bob.Messages.WaitAsync(m => m.Id == sent.Id);
        Assert.Equal(("direct", alice.Id, alice.Name, (int?)bob.Id, (int?)null, "hello bob"),
            (received.Kind, received.SenderId, received.SenderName, received.RecipientId, received.GroupId, received.Text));
        Assert.Equal("hi alice 😀", (await alice.Messages.WaitAsync(m => m.Id == reply.Id)).Text);
        Assert.True(reply.Id > sent.Id);
        Assert.Equal(DateTimeKind.Utc, sent.SentAt.Kind);
        Assert.Equal(sent, received);
    }

    [Fact]
    public async Task SenderOtherConnectionsSeeTheMessageButNotTheSendingOne()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var bob = await app.ConnectedUserAsync("bob");
        await alice.AddFriendAsync(bob.Id);
        await using var aliceTab = app.CreateHubConnection(alice.Tokens.AccessToken);
        var tab = new EventLog<WireMessage>();
        aliceTab.On<WireMessage>("MessageReceived", tab.Add);
        await aliceTab.StartAsync();

        var first = await alice.SendDirectAsync(bob.Id, "from the first tab");
        var barrier = await bob.SendDirectAsync(alice.Id, "barrier");

        Assert.Equal(first.Id, (await tab.WaitAsync(m => m.Id == first.Id)).Id);
        await alice.Messages.WaitAsync(m => m.Id == barrier.Id);
        Assert.DoesNotContain(alice.Messages.Items, m => m.Id == first.Id);
    }

    [Fact]
    public async Task MessageToNonFriendIsRefusedAndNotStored()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var stranger = await app.ConnectedUserAsync("stranger");

        var error = await Assert.ThrowsAsync<HubException>(() => alice.SendDirectAsync(stranger.Id, "let me in"));

        Assert.Contains("friend", error.Message);
        Assert.Empty((await stranger.SyncAsync(0)).Messages);
        await Assert.ThrowsAsync<HubException>(() => alice.DirectHistoryAsync(stranger.Id, null, 10));
    }

    [Fact]
    public async Task AFriendshipMadeElsewhereCountsAtOnceAfterARefusal()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var bob = await app.ConnectedUserAsync("bob");
        await Assert.ThrowsAsync<HubException>(() => alice.SendDirectAsync(bob.Id, "not yet"));

        // As another node's AddFriend would: the rows appear in the database, this node hears nothing.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
            db.Friends.AddRange(
                new Friendship { UserId = alice.Id, FriendId = bob.Id, CreatedAt = DateTime.UtcNow },
                new Friendship { UserId = bob.Id, FriendId = alice.Id, CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        var sent = await alice.SendDirectAsync(bob.Id, "now we are friends");
        Assert.Equal(sent.Id, (await bob.Messages.WaitAsync(m => m.Id == sent.Id)).Id);
        await alice.Hub.InvokeAsync("Typing", bob.Id, null);
        await bob.Typing.WaitAsync(t => t.UserId == alice.Id);
    }

    [Fact]
    public async Task MessageToUnknownUserSaysSo()
    {
        await using var alice = await app.ConnectedUserAsync("alice");

        var error = await Assert.ThrowsAsync<HubException>(() => alice.SendDirectAsync(int.MaxValue, "anyone?"));

        Assert.Contains("no user", error.Message);
    }

    [Fact]
    public async Task ResendingAClientMessageIdReturnsTheStoredMessageAndStoresNothingNew()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var bob = await app.ConnectedUserAsync("bob");
        await alice.AddFriendAsync(bob.Id);

        var first = await alice.SendDirectAsync(bob.Id, "only once", "retry-1");
        var again = await alice.SendDirectAsync(bob.Id, "only once", "retry-1");
        var barrier = await alice.SendDirectAsync(bob.Id, "barrier");

        Assert.Equal(first, again);
        await bob.Messages.WaitAsync(m => m.Id == barrier.Id);
        Assert.All(bob.Messages.Items.Where(m => m.ClientMessageId == "retry-1"), m => Assert.Equal(first, m));
        Assert.Single(await bob.DirectHistoryAsync(alice.Id, null, 200), m => m.ClientMessageId == "retry-1");
    }

    [Fact]
    public async Task AClientMessageIdCannotBeReusedForAnotherConversation()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var bob = await app.ConnectedUserAsync("bob");
        await using var carol = await app.ConnectedUserAsync("carol");
        await alice.AddFriendAsync(bob.Id);
        await alice.AddFriendAsync(carol.Id);
        await alice.SendDirectAsync(bob.Id, "to bob", "same-id");

        var error = await Assert.ThrowsAsync<HubException>(() => alice.SendDirectAsync(carol.Id, "to carol", "same-id"));

        Assert.Contains("clientMessageId", error.Message);
        Assert.Empty(await carol.DirectHistoryAsync(alice.Id, null, 10));
    }

    [Fact]
    public async Task HistoryPagesBackNewestFirstEachPageOldestFirst()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var bob = await app.ConnectedUserAsync("bob");
        await alice.AddFriendAsync(bob.Id);
        var sent = new List<long>();
        for (var i = 0; i < 7; i++)
        {
            sent.Add((await (i % 2 == 0 ? alice.SendDirectAsync(bob.Id, $"m{i}") : bob.SendDirectAsync(alice.Id, $"m{i}"))).Id);
        }

        var newest = await alice.DirectHistoryAsync(bob.Id, null, 3);
        var older = await bob.DirectHistoryAsync(alice.Id, newest[0].Id, 3);
        var oldest = await alice.DirectHistoryAsync(bob.Id, older[0].Id, 3);

        Assert.Equal(sent[4..7], newest.Select(m => m.Id));
        Assert.Equal(sent[1..4], older.Select(m => m.Id));
        Assert.Equal(sent[0..1], oldest.Select(m => m.Id));
        await Assert.ThrowsAsync<HubException>(() => alice.DirectHistoryAsync(bob.Id, null, 0));
        await Assert.ThrowsAsync<HubException>(() => alice.DirectHistoryAsync(bob.Id, null, 201));
    }

    [Fact]
    public async Task FiftyConcurrentSendersReachOneRecipientExactlyOnce()
    {
        const int senders = 50, each = 4;
        await using var recipient = await app.ConnectedUserAsync("recipient");
        var clients = await Task.WhenAll(Enumerable.Range(0, senders).Select(async _ =>
        {
            var client = await app.ConnectedUserAsync("sender");
            await client.AddFriendAsync(recipient.Id);
            return client;
        }));

        var acks = await Task.WhenAll(clients.Select(async client =>
        {
            var ids = new List<long>();
            for (var i = 0; i < each; i++)
            {
                ids.Add((await client.SendDirectAsync(recipient.Id, $"{client.Name} #{i}")).Id);
            }

            return ids;
        }));

        var expected = acks.SelectMany(ids => ids).ToHashSet();
        var received = await recipient.Messages.WaitForCountAsync(senders * each);
        Assert.Equal(senders * each, expected.Count);
        Assert.Equal(expected.Order(), received.Select(m => m.Id).Order());
        Assert.Empty((await recipient.SyncAsync()).Messages);
        await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
    }
}

[Trait("Database", "Sqlite")]
public sealed class SqliteDirectMessageTests(SqliteChatApp app) : DirectMessageTests(app), IClassFixture<SqliteChatApp>;

[Trait("Database", "MariaDb")]
public sealed class MariaDbDirectMessageTests(MariaDbChatApp app) : DirectMessageTests(app), IClassFixture<MariaDbChatApp>;
