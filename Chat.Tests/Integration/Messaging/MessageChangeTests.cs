using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;

namespace Chat.Tests.Integration.Messaging;

/// <summary>Messages that change after they were sent (edits, deletions, reactions, replies): the rules, the
/// MessageUpdated push to every viewer, and catch-up's updates after a reconnect.</summary>
public abstract class MessageChangeTests(ChatAppFactory app)
{
    private async Task<(ChatClient Alice, ChatClient Bob)> FriendsAsync()
    {
        var alice = await app.ConnectedUserAsync("alice");
        var bob = await app.ConnectedUserAsync("bob");
        await alice.AddFriendAsync(bob.Id);
        return (alice, bob);
    }

    [Fact]
    public async Task AnEditReachesBothSidesAndCatchUpAndHistoryShowTheNewText()
    {
        var (alice, bob) = await FriendsAsync();
        await using var _ = alice;
        await using var __ = bob;
        var sent = await alice.SendDirectAsync(bob.Id, "helo");
        await bob.Messages.WaitAsync(m => m.Id == sent.Id);
        var cursor = sent.Id;

        var edited = await alice.EditAsync(sent.Id, "hello");

        Assert.Equal(sent.Id, sent.ChangeId);
        Assert.True(edited.ChangeId > sent.Id, "a change id comes from the message sequence, after the message");
        Assert.Equal(("hello", sent.Id), (edited.Text, edited.Id));
        Assert.NotNull(edited.EditedAt);
        var pushed = await bob.Updated.WaitAsync(m => m.Id == sent.Id);
        Assert.Equal((edited.Text, edited.ChangeId), (pushed.Text, pushed.ChangeId));
        var caughtUp = await bob.SyncAsync(cursor);
        Assert.Empty(caughtUp.Messages);
        Assert.Equal([(sent.Id, "hello", edited.ChangeId)], caughtUp.Updates!.Select(m => (m.Id, m.Text, m.ChangeId)));
        Assert.Empty((await bob.SyncAsync(edited.ChangeId)).Updates!);
        Assert.Equal("hello", (await bob.DirectHistoryAsync(alice.Id, null, 5)).Single().Text);
        // A message sent after the change is new to a client at the change's id.
        var later = await alice.SendDirectAsync(bob.Id, "later");
        // (Catch-up may repeat a few messages at or below the cursor: the overlap of PROTOCOL.md.)
        Assert.Equal(later.Id, (await bob.SyncAsync(edited.ChangeId)).Messages.Where(m => m.Id > edited.ChangeId).Single().Id);
    }

    [Fact]
    public async Task OnlyTheSenderEditsAndNotADeletedMessageNorWithBadText()
    {
        var (alice, bob) = await FriendsAsync();
        await using var _ = alice;
        await using var __ = bob;
        var sent = await alice.SendDirectAsync(bob.Id, "mine");

        var byBob = await Assert.ThrowsAsync<HubException>(() => bob.EditAsync(sent.Id, "yours"));
        var blank = await Assert.ThrowsAsync<HubException>(() => alice.EditAsync(sent.Id, "   "));
        var unknown = await Assert.ThrowsAsync<HubException>(() => alice.EditAsync(long.MaxValue, "x"));
        await alice.DeleteMessageAsync(sent.Id);
        var deleted = await Assert.ThrowsAsync<HubException>(() => alice.EditAsync(sent.Id, "back"));

        Assert.Contains("sender", byBob.Message);
        Assert.Contains("empty", blank.Message);
        Assert.Contains("no message", unknown.Message);
        Assert.Contains("deleted", deleted.Message);
        Assert.Equal("", (await bob.DirectHistoryAsync(alice.Id, null, 5)).Single().Text);
    }

    [Fact]
    public async Task TheSenderTheGroupsCreatorOrAnAdminDeletesAndTheMessageKeepsItsPlace()
    {
        await using var creator = await app.ConnectedUserAsync("creator");
        await using var member = await app.ConnectedUserAsync("member");
        await using var other = await app.ConnectedUserAsync("other");
        var group = await creator.CreateGroupAsync(ChatAppFactory.UniqueName("g"));
        await member.JoinGroupAsync(group.Id);
        await other.JoinGroupAsync(group.Id);
        var first = await member.SendGroupAsync(group.Id, "first");
        var second = await member.SendGroupAsync(group.Id, "second");
        var third = await creator.SendGroupAsync(group.Id, "third");
        await member.ReactAsync(first.Id, "👍");
        await using var admin = await new ChatClient(app, await app.LoginAsync(ChatAppFactory.AdminName)).ConnectAsync();

        var byOther = await Assert.ThrowsAsync<HubException>(() => other.DeleteMessageAsync(first.Id));
        var byCreator = await creator.DeleteMessageAsync(first.Id);
        var bySender = await member.DeleteMessageAsync(second.Id);
        var byAdmin = await admin.DeleteMessageAsync(third.Id);
        var again = await member.DeleteMessageAsync(second.Id);

        Assert.Contains("creator", byOther.Message);
        Assert.All([byCreator, bySender, byAdmin], m => Assert.Equal("", m.Text));
        Assert.All([byCreator, bySender, byAdmin], m => Assert.NotNull(m.DeletedAt));
        Assert.Empty(byCreator.Reactions!);
        Assert.Equal(bySender.ChangeId, again.ChangeId);
        var history = await other.GroupHistoryAsync(group.Id, null, 10);
        Assert.Equal([first.Id, second.Id, third.Id], history.Select(m => m.Id));
        Assert.All(history, m => Assert.Equal("", m.Text));
        await other.Updated.WaitAsync(m => m.Id == third.Id && m.DeletedAt != null);
    }

    [Fact]
    public async Task ReactionsToggleOnePerUserAndEmojiInOrderOfFirstUseAndAtMostTwentyDistinct()
    {
        var (alice, bob) = await FriendsAsync();
        await using var _ = alice;
        await using var __ = bob;
        var sent = await alice.SendDirectAsync(bob.Id, "react to me");

        await bob.ReactAsync(sent.Id, "🎉");
        await alice.ReactAsync(sent.Id, "👍");
        var twice = await bob.ReactAsync(sent.Id, "👍");
        var repeated = await bob.ReactAsync(sent.Id, "👍");
        var removed = await bob.ReactAsync(sent.Id, "🎉", add: false);
        var notEmoji = await Assert.ThrowsAsync<HubException>(() => bob.ReactAsync(sent.Id, "ok"));
        var twoEmoji = await Assert.ThrowsAsync<HubException>(() => bob.ReactAsync(sent.Id, "👍👍"));

        Assert.Equal([("🎉", new[] { bob.Id }), ("👍", new[] { alice.Id, bob.Id })],
            twice.Reactions!.Select(r => (r.Emoji, r.UserIds.ToArray())).ToList(), new ReactionComparer());
        Assert.Equal(twice.ChangeId, repeated.ChangeId);
        Assert.Equal([("👍", new[] { alice.Id, bob.Id })], removed.Reactions!.Select(r => (r.Emoji, r.UserIds.ToArray())).ToList(), new ReactionComparer());
        Assert.Contains("emoji", notEmoji.Message);
        Assert.Contains("emoji", twoEmoji.Message);
        // Flags and keycaps are single emoji too; a 21st distinct one is refused.
        string[] more = ["🇫🇷", "1️⃣", "❤️", "😀", "😂", "😍", "🙏", "🔥", "💯", "🚀", "👀", "🤔", "😢", "😮", "👏", "🙌", "✅", "🍕", "🎂"];
        foreach (var emoji in more)
        {
            await alice.ReactAsync(sent.Id, emoji);
        }

        var full = await Assert.ThrowsAsync<HubException>(() => alice.ReactAsync(sent.Id, "🐱"));
        Assert.Contains("20", full.Message);
        Assert.Equal(20, (await alice.ReactAsync(sent.Id, "🔥")).Reactions!.Count);
        Assert.Equal(20, (await bob.DirectHistoryAsync(alice.Id, null, 1)).Single().Reactions!.Count);
    }

    [Fact]
    public async Task StrangersCannotReactToAMessageTheyCannotSee()
    {
        var (alice, bob) = await FriendsAsync();
        await using var _ = alice;
        await using var __ = bob;
        await using var eve = await app.ConnectedUserAsync("eve");
        var sent = await alice.SendDirectAsync(bob.Id, "private");

        var refused = await Assert.ThrowsAsync<HubException>(() => eve.ReactAsync(sent.Id, "👍"));
        var deleteRefused = await Assert.ThrowsAsync<HubException>(() => eve.DeleteMessageAsync(sent.Id));

        Assert.Contains("no message", refused.Message);
        Assert.Contains("sender", deleteRefused.Message);
        Assert.Empty((await bob.DirectHistoryAsync(alice.Id, null, 1)).Single().Reactions!);
    }

    [Fact]
    public async Task SendMessageRepliesWithinAConversationAndSharesIdempotencyWithSendDirect()
    {
        var (alice, bob) = await FriendsAsync();
        await using var _ = alice;
        await using var __ = bob;
        await using var carol = await app.ConnectedUserAsync("carol");
        await alice.AddFriendAsync(carol.Id);
        var question = await bob.SendDirectAsync(alice.Id, "question?");
        var elsewhere = await carol.SendDirectAsync(alice.Id, "another conversation");

        var answer = await alice.SendMessageAsync(new { toUserId = bob.Id, text = "answer", clientMessageId = "reply-1", replyToId = question.Id });
        var repeated = await alice.SendDirectAsync(bob.Id, "answer", "reply-1");
        var wrongConversation = await Assert.ThrowsAsync<HubException>(() =>
            alice.SendMessageAsync(new { toUserId = bob.Id, text = "x", clientMessageId = "reply-2", replyToId = elsewhere.Id }));
        var bothTargets = await Assert.ThrowsAsync<HubException>(() =>
            alice.SendMessageAsync(new { toUserId = bob.Id, groupId = 1, text = "x", clientMessageId = "reply-3" }));
        var attachment = await Assert.ThrowsAsync<HubException>(() =>
            alice.SendMessageAsync(new { toUserId = bob.Id, text = "x", clientMessageId = "reply-4", attachmentIds = new[] { "nope" } }));

        Assert.Equal(question.Id, answer.ReplyToId);
        Assert.Equal(answer.Id, repeated.Id);
        Assert.Contains("not a message of this conversation", wrongConversation.Message);
        Assert.Contains("exactly one", bothTargets.Message);
        Assert.Contains("attachment", attachment.Message);
        Assert.Equal(question.Id, (await bob.Messages.WaitAsync(m => m.Id == answer.Id)).ReplyToId);
        // The reply still points at what it answers after that was deleted.
        await bob.DeleteMessageAsync(question.Id);
        var history = await bob.DirectHistoryAsync(alice.Id, null, 10);
        Assert.Equal(question.Id, history.Single(m => m.Id == answer.Id).ReplyToId);
    }

    [Fact]
    public async Task ChangesRacingFromSeveralConnectionsEndInOneStateThatEveryoneSees()
    {
        var (alice, bob) = await FriendsAsync();
        await using var _ = alice;
        await using var __ = bob;
        await using var alice2 = await alice.AnotherConnectionAsync();
        await using var bob2 = await bob.AnotherConnectionAsync();
        var sent = await alice.SendDirectAsync(bob.Id, "v0");
        string[] emoji = ["👍", "🎉", "🔥", "😀"];

        var results = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => (i % 4) switch
        {
            0 => alice.EditAsync(sent.Id, $"v{i}"),
            1 => alice2.ReactAsync(sent.Id, emoji[i % 3], add: i % 8 != 1),
            2 => bob.ReactAsync(sent.Id, emoji[i % 4], add: i % 6 != 2),
            _ => bob2.ReactAsync(sent.Id, emoji[(i + 1) % 4]),
        }));

        var final = (await bob.DirectHistoryAsync(alice.Id, null, 1)).Single();
        Assert.Equal(final.ChangeId, results.Max(r => r.ChangeId));
        // Each answer is the state after that call: the same change id always with the same state.
        Assert.All(results.GroupBy(r => r.ChangeId), same => Assert.Single(same.Select(Describe).Distinct()));
        foreach (var viewer in new[] { alice, alice2, bob, bob2 })
        {
            // The newest push each connection got is the final state.
            var newest = await viewer.Updated.WaitAsync(m => m.ChangeId == final.ChangeId);
            Assert.Equal(Describe(final), Describe(newest));
        }
    }

    [Fact]
    public async Task ACatchUpOfMoreThanAPageOfMessagesAndChangesComesInPagesByPositionAndLosesNothing()
    {
        var (alice, bob) = await FriendsAsync();
        await using var _ = alice;
        await using var __ = bob;
        var seen = new List<WireMessage>();
        for (var i = 0; i < 10; i++)
        {
            seen.Add(await alice.SendDirectAsync(bob.Id, $"seen {i}"));
        }

        var cursor = seen[^1].Id;
        var fresh = new List<long>();
        for (var i = 0; i < 495; i++)
        {
            fresh.Add((await alice.SendDirectAsync(bob.Id, $"new {i}")).Id);
        }

        var changes = new List<long>();
        foreach (var message in seen)
        {
            changes.Add((await alice.EditAsync(message.Id, message.Text + " (edited)")).ChangeId);
        }

        // 505 positions after the cursor: the first page holds the first 500 of them, the next the rest.
        var first = await bob.SyncAsync(cursor);
        var position = Math.Max(first.Messages.Max(m => m.Id), first.Updates!.Max(m => m.ChangeId));
        var second = await bob.SyncAsync(position);

        Assert.True(first.HasMore);
        Assert.False(second.HasMore);
        Assert.Equal(fresh, first.Messages.Select(m => m.Id).Where(id => id > cursor));
        Assert.Equal(changes[..5], first.Updates!.Select(m => m.ChangeId));
        Assert.Equal(changes[5..], second.Updates!.Select(m => m.ChangeId));
        Assert.DoesNotContain(second.Messages, m => m.Id > position);
        Assert.All(first.Updates!.Concat(second.Updates!), m => Assert.EndsWith("(edited)", m.Text));
    }

    [Fact]
    public async Task TheOverlapOfACatchUpPageNeverCarriesAChangeBeyondThePage()
    {
        var (alice, bob) = await FriendsAsync();
        await using var _ = alice;
        await using var __ = bob;
        var seen = new List<WireMessage>();
        for (var i = 0; i < 60; i++)
        {
            seen.Add(await alice.SendDirectAsync(bob.Id, $"seen {i}"));
        }

        for (var i = 0; i < 495; i++)
        {
            await alice.SendDirectAsync(bob.Id, $"new {i}");
        }

        // The page ends after the fifth change. Then an old message changes (outside the overlap), then a recent
        // one (inside it): handing the recent one's new state in the overlap of the first page would move a
        // client's cursor past the old one's change.
        foreach (var message in seen[50..55].Append(seen[0]).Append(seen[55]))
        {
            await alice.EditAsync(message.Id, message.Text + " (edited)");
        }

        var held = new Dictionary<long, WireMessage>();
        var cursor = seen[^1].Id;
        var pages = 0;
        for (var more = true; more; pages++)
        {
            var page = await bob.SyncAsync(cursor);
            foreach (var m in page.Messages.Concat(page.Updates!))
            {
                if (!held.TryGetValue(m.Id, out var before) || before.ChangeId < m.ChangeId)
                {
                    held[m.Id] = m;
                }

                cursor = Math.Max(cursor, Math.Max(m.Id, m.ChangeId));
            }

            more = page.HasMore;
        }

        Assert.Equal(2, pages);
        Assert.All(seen[50..56].Append(seen[0]), m => Assert.Equal(m.Text + " (edited)", held[m.Id].Text));
    }

    private static string Describe(WireMessage m) =>
        $"{m.Text}|{string.Join(",", m.Reactions!.Select(r => $"{r.Emoji}:{string.Join("+", r.UserIds)}"))}";

    private sealed class ReactionComparer : IEqualityComparer<(string, int[])>
    {
        public bool Equals((string, int[]) x, (string, int[]) y) => x.Item1 == y.Item1 && x.Item2.SequenceEqual(y.Item2);

        public int GetHashCode((string, int[]) obj) => obj.Item1.GetHashCode(StringComparison.Ordinal);
    }
}

[Trait("Database", "Sqlite")]
public sealed class SqliteMessageChangeTests(SqliteChatApp app) : MessageChangeTests(app), IClassFixture<SqliteChatApp>;

[Trait("Database", "MariaDb")]
public sealed class MariaDbMessageChangeTests(MariaDbChatApp app) : MessageChangeTests(app), IClassFixture<MariaDbChatApp>;
