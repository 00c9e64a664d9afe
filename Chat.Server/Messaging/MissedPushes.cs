using System.Collections.Concurrent;
using Chat.Server.Realtime;
using Microsoft.AspNetCore.SignalR;

namespace Chat.Server.Messaging;

/// <summary>Pushes this node could not publish (Redis unreachable from here). They are published again once
/// the backplane delivers: a recipient on a node that never lost Redis gets no SyncRequired, and its client
/// may already hold later messages, so catching up from its cursor would skip these. Clients show a
/// message once per id, so pushing one again is harmless.</summary>
internal sealed class MissedPushes(IHubContext<ChatHub, IChatClient> hub, BackplaneStatus backplane, ILogger<MissedPushes> logger)
    : IBackplaneRecovery
{
    /// <summary>About 30 MB of messages. Beyond it the oldest are dropped: they were missed during a long
    /// outage of Redis itself, which every node replays from the database when it recovers.</summary>
    public const int Limit = 100_000;

    private readonly ConcurrentQueue<(MessageDto Message, bool Update)> _missed = new();

    public int Count => _missed.Count;

    /// <summary><paramref name="update"/>: a MessageUpdated push, else MessageReceived.</summary>
    public void Add(MessageDto message, Exception error, bool update = false)
    {
        _missed.Enqueue((message, update));
        var dropped = 0;
        while (_missed.Count > Limit && _missed.TryDequeue(out _))
        {
            dropped++;
        }

        if (dropped > 0)
        {
            logger.LogWarning("Dropped {Count} missed pushes beyond {Limit}; recipients catch up from the database", dropped, Limit);
        }

        backplane.Failed($"a push could not be published: {error.Message}");
    }

    public async Task RecoverAsync(DateTime brokenSince, CancellationToken ct)
    {
        var pushed = 0;
        // Dequeued only once published: if Redis goes again, the rest waits for the next recovery.
        while (_missed.TryPeek(out var missed))
        {
            await PushAgainAsync(missed.Message, missed.Update);
            _missed.TryDequeue(out _);
            pushed++;
        }

        if (pushed > 0)
        {
            logger.LogInformation("Pushed {Count} missed messages again", pushed);
        }
    }

    // The sender's connections get it too, as the first push meant (the sending one drops it by id).
    private Task PushAgainAsync(MessageDto message, bool update)
    {
        var readers = ReadersOf(hub, message);
        return update ? readers.MessageUpdated(message) : readers.MessageReceived(message);
    }

    /// <summary>Every connection that may see the message: the group's, or both sides' of a direct one.</summary>
    public static IChatClient ReadersOf(IHubContext<ChatHub, IChatClient> hub, MessageDto message) => message.GroupId is { } groupId
        ? hub.Clients.Group(HubGroups.Chat(groupId))
        : hub.Clients.Users([message.RecipientId!.Value.ToString(), message.SenderId.ToString()]);
}
