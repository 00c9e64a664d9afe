using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;

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
        Assert.Equal(("direct", alice.Id, alice.Name, (int?)bob.Id, "hello bob"),
            (received.Kind, received.SenderId, received.SenderName, received.RecipientId, received.Text));
        Assert.Equal("hi alice 😀", (await alice.Messages.WaitAsync(m => m.Id == reply.Id)).Text);
        Assert.True(reply.Id > sent.Id);
        Assert.Equal(DateTimeKind.Utc, sent.SentAt.Kind);
    }

    [Fact]
    public async Task MessageToNonFriendIsRefusedAndNotStored()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var stranger = await app.ConnectedUserAsync("stranger");

        var error = await Assert.ThrowsAsync<HubException>(() => alice.SendDirectAsync(stranger.Id, "let me in"));

        Assert.Contains("friend", error.Message);
        Assert.Empty((await stranger.SyncAsync()).Messages);
    }
}

[Trait("Database", "Sqlite")]
public sealed class SqliteDirectMessageTests(SqliteChatApp app) : DirectMessageTests(app), IClassFixture<SqliteChatApp>;

[Trait("Database", "MariaDb")]
public sealed class MariaDbDirectMessageTests(MariaDbChatApp app) : DirectMessageTests(app), IClassFixture<MariaDbChatApp>;
