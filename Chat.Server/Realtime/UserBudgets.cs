using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Chat.Server.Realtime;

/// <summary>Per user, not per connection: one token bucket for sends and one last-relay time per typing
/// conversation, in memory on this node, so the common case takes no database and no await. A user whose
/// connections span nodes is also held to the budget shared in Redis (<see cref="SharedBudgets"/>). The
/// maps hold only users active lately: a sweep forgets full buckets and typing times older than the interval.</summary>
internal sealed class UserBudgets(IOptions<HubLimitOptions> options, TimeProvider clock, SharedBudgets? shared = null) : BackgroundService
{
    public static readonly TimeSpan SweepEvery = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<int, TokenBucket> _sends = new();
    private readonly ConcurrentDictionary<(int User, int? To, int? Group), TypingGate> _typing = new();
    private readonly TimeSpan _typingInterval = TimeSpan.FromSeconds(options.Value.TypingIntervalSeconds);

    public ValueTask<bool> TrySendAsync(int userId)
    {
        if (!_sends.GetOrAdd(userId, static (_, self) => self.NewBucket(), this).TryTake())
        {
            return ValueTask.FromResult(false);
        }

        return shared is not null && shared.Spans(userId) ? shared.TrySendAsync(userId) : ValueTask.FromResult(true);
    }

    /// <summary>Whether to relay this typing notice: the first of each interval per user and conversation.</summary>
    public ValueTask<bool> TryTypingAsync(int userId, int? toUserId, int? groupId)
    {
        var key = (userId, toUserId, groupId);
        var now = clock.GetTimestamp();
        var won = _typing.TryGetValue(key, out var last)
            ? clock.GetElapsedTime(last.At, now) >= _typingInterval && _typing.TryUpdate(key, new TypingGate(now, null), last)
            : _typing.TryAdd(key, new TypingGate(now, null));
        if (!won)
        {
            return ValueTask.FromResult(false);
        }

        return shared is not null && shared.Spans(userId)
            ? shared.TryTypingAsync(userId, toUserId, groupId, _typingInterval)
            : ValueTask.FromResult(true);
    }

    /// <summary>The notice that opened this interval was refused: the ones dropped after it get the same
    /// answer (from memory, no database), so a caller without the right is always told so.</summary>
    public void TypingRefused(int userId, int? toUserId, int? groupId, Refused refusal) =>
        _typing.AddOrUpdate((userId, toUserId, groupId), static (_, r) => new TypingGate(0, r), static (_, gate, r) => gate with { Refusal = r }, refusal);

    /// <summary>The refusal of this interval's first notice, for a notice the gate dropped; null when it was relayed.</summary>
    public Refused? TypingRefusal(int userId, int? toUserId, int? groupId) =>
        _typing.TryGetValue((userId, toUserId, groupId), out var gate) ? gate.Refusal : null;

    /// <summary>Forgets what no longer limits anyone. A send racing the removal of its full bucket may get
    /// one token more: harmless.</summary>
    public void Sweep()
    {
        foreach (var (user, bucket) in _sends)
        {
            if (bucket.IsFull())
            {
                _sends.TryRemove(new KeyValuePair<int, TokenBucket>(user, bucket));
            }
        }

        var now = clock.GetTimestamp();
        foreach (var (key, last) in _typing)
        {
            if (clock.GetElapsedTime(last.At, now) >= _typingInterval)
            {
                _typing.TryRemove(new KeyValuePair<(int, int?, int?), TypingGate>(key, last));
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SweepEvery, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Sweep();
                if (shared is not null)
                {
                    await shared.RecheckAsync();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private TokenBucket NewBucket() => new(options.Value.MessageBurst, options.Value.MessagesPerSecond, clock);
}
