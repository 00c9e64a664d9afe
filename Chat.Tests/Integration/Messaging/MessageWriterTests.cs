using Chat.Server.Data;
using Chat.Server.Messaging;
using Chat.Server.Observability;
using Chat.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Chat.Tests.Integration.Messaging;

/// <summary>The batched writer on the real database: messages queued before a writer starts all go into
/// its first batch, so these tests see what one transaction of many messages does.</summary>
public abstract class MessageWriterTests(ChatAppFactory app)
{
    private static readonly DateTime At = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task OneBatchStoresEachMessageOrSaysWhyNotAndQueuesForTheOffline()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var bob = await app.UserAsync("bob");
        await using var eve = await app.UserAsync("eve");
        await alice.AddFriendAsync(bob.Id);
        var group = await alice.CreateGroupAsync("batch");
        var earlier = await alice.SendDirectAsync(bob.Id, "already stored");

        var results = await WriteInOneBatchAsync(
            Direct(alice.Id, bob.Id, "first", "b-1", offline: true),
            Direct(alice.Id, bob.Id, "resend of a stored one", earlier.ClientMessageId),
            Direct(alice.Id, bob.Id, "same id twice in one batch", "b-1"),
            new NewMessage(MessageKind.Group, alice.Id, null, group.Id, "to the group", At, "b-3", [bob.Id, eve.Id]),
            Direct(alice.Id, bob.Id, "last", "b-4"));

        Assert.Equal([true, false, false, true, true], results.Select(r => r.Written));
        var stored = results.Where(r => r.Written).Select(r => r.Id).ToList();
        Assert.Equal(stored.Order(), stored);

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
        var texts = await db.Messages.Where(m => m.SenderId == alice.Id).OrderBy(m => m.Id).Select(m => m.Text).ToListAsync();
        Assert.Equal(["already stored", "first", "to the group", "last"], texts);
        var queued = await db.OfflineMessages.Where(o => stored.Contains(o.MessageId)).OrderBy(o => o.MessageId).ThenBy(o => o.UserId)
            .Select(o => new { o.UserId, o.MessageId }).ToListAsync();
        Assert.Equal([new { UserId = bob.Id, MessageId = results[0].Id }, new { UserId = bob.Id, MessageId = results[3].Id }, new { UserId = eve.Id, MessageId = results[3].Id }],
            queued);
    }

    [Fact]
    public async Task AMessageTheDatabaseRefusesFailsAloneAndTheRestOfItsBatchIsStored()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var bob = await app.UserAsync("bob");
        await alice.AddFriendAsync(bob.Id);

        // An offline queue row for a user who does not exist breaks a foreign key on both databases.
        var tasks = StartInOneBatch(
            Direct(alice.Id, bob.Id, "before", "p-1", offline: true),
            Direct(alice.Id, bob.Id, "poison", "p-2") with { OfflineUserIds = [int.MaxValue] },
            Direct(alice.Id, bob.Id, "after", "p-3", offline: true));
        await tasks.Writer.StartAsync(CancellationToken.None);
        try
        {
            Assert.True((await tasks.Stored[0]).Written);
            Assert.True((await tasks.Stored[2]).Written);
            await Assert.ThrowsAnyAsync<Exception>(() => tasks.Stored[1]);
        }
        finally
        {
            await tasks.Writer.StopAsync(CancellationToken.None);
        }

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
        Assert.Equal(["before", "after"], await db.Messages.Where(m => m.SenderId == alice.Id).OrderBy(m => m.Id).Select(m => m.Text).ToListAsync());
    }

    private static NewMessage Direct(int from, int to, string text, string clientMessageId, bool offline = false) =>
        new(MessageKind.Direct, from, to, null, text, At, clientMessageId, offline ? [to] : []);

    private async Task<StoreResult[]> WriteInOneBatchAsync(params NewMessage[] messages)
    {
        var (writer, stored) = StartInOneBatch(messages);
        await writer.StartAsync(CancellationToken.None);
        try
        {
            return await Task.WhenAll(stored);
        }
        finally
        {
            await writer.StopAsync(CancellationToken.None);
        }
    }

    // A writer of its own, not yet started, with every message already queued.
    private (MessageWriter Writer, Task<StoreResult>[] Stored) StartInOneBatch(params NewMessage[] messages)
    {
        var writer = new MessageWriter(
            app.Services.GetRequiredService<IServiceScopeFactory>(), app.Services.GetRequiredService<SqlDialect>(),
            Options.Create(new MessageWriterOptions { Writers = 1 }), app.Services.GetRequiredService<ChatMetrics>(), NullLogger<MessageWriter>.Instance);
        return (writer, messages.Select(writer.StoreAsync).ToArray());
    }
}

[Trait("Database", "Sqlite")]
public sealed class SqliteMessageWriterTests(SqliteChatApp app) : MessageWriterTests(app), IClassFixture<SqliteChatApp>;

[Trait("Database", "MariaDb")]
public sealed class MariaDbMessageWriterTests(MariaDbChatApp app) : MessageWriterTests(app), IClassFixture<MariaDbChatApp>;
