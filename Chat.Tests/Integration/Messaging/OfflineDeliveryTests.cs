using Chat.Tests.Infrastructure;

namespace Chat.Tests.Integration.Messaging;

public abstract class OfflineDeliveryTests(ChatAppFactory app)
{
    [Fact]
    public async Task MessagesSentWhileOfflineArriveAtNextSyncOnceAndInOrder()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var bob = await app.UserAsync("bob");
        await alice.AddFriendAsync(bob.Id);

        var sent = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            sent.Add((await alice.SendDirectAsync(bob.Id, $"while you were away {i}")).Id);
        }

        await bob.ConnectAsync();
        var first = await bob.SyncAsync();
        var second = await bob.SyncAsync();

        Assert.Equal(sent, first.Messages.Select(m => m.Id));
        Assert.False(first.HasMore);
        Assert.Empty(second.Messages);
        Assert.Equal((bob.Id, bob.Name), (first.Me.Id, first.Me.Name));
        Assert.Contains(first.Friends, f => f.Id == alice.Id && f.Online);
    }

    [Fact]
    public async Task GroupMessagesWaitForOfflineMembersOnly()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var bob = await app.ConnectedUserAsync("bob");
        await using var carol = await app.ConnectedUserAsync("carol");
        var group = await alice.CreateGroupAsync("book club");
        await bob.JoinGroupAsync(group.Id);
        await carol.JoinGroupAsync(group.Id);
        await bob.Hub.StopAsync();
        await alice.Presence.WaitAsync(p => p.UserId == bob.Id && !p.Online);

        var message = await alice.SendGroupAsync(group.Id, "chapter 3 tonight");
        await carol.Messages.WaitAsync(m => m.Id == message.Id);
        await bob.ConnectAsync();
        var bobSync = await bob.SyncAsync();
        var carolSync = await carol.SyncAsync();

        Assert.Equal([message.Id], bobSync.Messages.Select(m => m.Id));
        Assert.Equal(("group", (int?)group.Id, (int?)null), (bobSync.Messages[0].Kind, bobSync.Messages[0].GroupId, bobSync.Messages[0].RecipientId));
        Assert.Empty(carolSync.Messages);
    }

    [Fact]
    public async Task SevenHundredOfflineMessagesComeInPagesExactlyOnce()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var carol = await app.ConnectedUserAsync("carol");
        await using var bob = await app.UserAsync("bob");
        await alice.AddFriendAsync(bob.Id);
        await carol.AddFriendAsync(bob.Id);
        var sent = new List<long>();
        for (var i = 0; i < 700; i++)
        {
            sent.Add((await (i % 2 == 0 ? alice : carol).SendDirectAsync(bob.Id, $"#{i}")).Id);
        }

        await bob.ConnectAsync();
        var page1 = await bob.SyncAsync();
        var page2 = await bob.SyncAsync(page1.Messages[^1].Id);
        var again = await bob.SyncAsync();

        Assert.Equal(500, page1.Messages.Count);
        Assert.True(page1.HasMore);
        Assert.False(page2.HasMore);
        Assert.Equal(sent[500..], page2.Messages.Select(m => m.Id).Where(id => id > page1.Messages[^1].Id));
        Assert.Equal(sent, page1.Messages.Concat(page2.Messages).Select(m => m.Id).Distinct().Order());
        Assert.Empty(again.Messages);
    }

    [Fact]
    public async Task CatchUpAfterReconnectReturnsEverythingMissedOldestFirst()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var bob = await app.ConnectedUserAsync("bob");
        await alice.AddFriendAsync(bob.Id);
        var group = await alice.CreateGroupAsync("ops");
        await bob.JoinGroupAsync(group.Id);
        var seen = await alice.SendDirectAsync(bob.Id, "seen live");
        await bob.Messages.WaitAsync(m => m.Id == seen.Id);
        await bob.Hub.StopAsync();

        var missed = new[]
        {
            await alice.SendDirectAsync(bob.Id, "missed 1"),
            await alice.SendGroupAsync(group.Id, "missed in group"),
            await alice.SendDirectAsync(bob.Id, "missed 2"),
        };
        await bob.ConnectAsync();
        var caughtUp = await bob.SyncAsync(seen.Id);

        Assert.Equal(missed.Select(m => m.Id), caughtUp.Messages.Select(m => m.Id).Where(id => id > seen.Id));
        Assert.False(caughtUp.HasMore);
        Assert.Empty((await bob.SyncAsync()).Messages);
    }

    [Fact]
    public async Task CatchUpAlsoReturnsWhatWasStoredJustBeforeTheLastSeenMessageOnceEach()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var bob = await app.ConnectedUserAsync("bob");
        await alice.AddFriendAsync(bob.Id);
        var earlier = await alice.SendDirectAsync(bob.Id, "committed late, say");
        var seen = await alice.SendDirectAsync(bob.Id, "seen first");
        var newer = await alice.SendDirectAsync(bob.Id, "after");

        var caughtUp = await bob.SyncAsync(seen.Id);

        Assert.Equal([earlier.Id, newer.Id], caughtUp.Messages.Select(m => m.Id));
    }

    [Fact]
    public async Task CatchUpShowsNothingFromConversationsOfOthers()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var bob = await app.ConnectedUserAsync("bob");
        await using var eve = await app.ConnectedUserAsync("eve");
        await alice.AddFriendAsync(bob.Id);
        var secretGroup = await alice.CreateGroupAsync("secret");
        var before = await alice.SendDirectAsync(bob.Id, "before");

        await alice.SendDirectAsync(bob.Id, "private");
        await alice.SendGroupAsync(secretGroup.Id, "members only");

        Assert.Empty((await eve.SyncAsync(before.Id - 1)).Messages);
    }
}

[Trait("Database", "Sqlite")]
public sealed class SqliteOfflineDeliveryTests(SqliteChatApp app) : OfflineDeliveryTests(app), IClassFixture<SqliteChatApp>;

[Trait("Database", "MariaDb")]
public sealed class MariaDbOfflineDeliveryTests(MariaDbChatApp app) : OfflineDeliveryTests(app), IClassFixture<MariaDbChatApp>;
