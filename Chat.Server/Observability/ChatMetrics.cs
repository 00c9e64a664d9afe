using System.Diagnostics.Metrics;
using Chat.Server.Messaging;

namespace Chat.Server.Observability;

/// <summary>The product's counters on the hot path (README, "Metrics, traces and logs"). Instruments are
/// created once and every tag is a cached pair, so recording allocates nothing.</summary>
internal sealed class ChatMetrics
{
    public const string MeterName = "Chat.Server";

    private static readonly KeyValuePair<string, object?> Direct = new("kind", "direct");
    private static readonly KeyValuePair<string, object?> Group = new("kind", "group");
    private static readonly KeyValuePair<string, object?> Invalid = new("reason", "invalid");
    private static readonly KeyValuePair<string, object?> NotFound = new("reason", "not_found");
    private static readonly KeyValuePair<string, object?> Forbidden = new("reason", "forbidden");
    private static readonly KeyValuePair<string, object?> Conflict = new("reason", "conflict");
    private static readonly KeyValuePair<string, object?> Throttle = new("reason", "throttled");
    private static readonly KeyValuePair<string, object?> Sent = new("outcome", "sent");
    private static readonly KeyValuePair<string, object?> Failed = new("outcome", "failed");
    private static readonly KeyValuePair<string, object?> Offline = new("mode", "offline");
    private static readonly KeyValuePair<string, object?> CatchUp = new("mode", "catch_up");

    private readonly Counter<long> _accepted;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _pushes;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _commitDuration;
    private readonly Counter<long> _syncs;
    private readonly Histogram<int> _syncMessages;
    private readonly Counter<long> _sweeps;
    private readonly Counter<long> _sweptUsers;

    public ChatMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _accepted = meter.CreateCounter<long>("chat.messages.accepted", "{message}", "Messages acknowledged to their sender (a resend of a stored message counts again).");
        _refused = meter.CreateCounter<long>("chat.messages.refused", "{message}", "Messages refused, by reason; nothing was stored.");
        _pushes = meter.CreateCounter<long>("chat.pushes", "{push}", "Stored messages pushed to their recipients' connections, by outcome; a failed push is retried when the backplane is back.");
        _batchSize = meter.CreateHistogram("chat.message_store.batch.size", "{message}", "Messages written in one database transaction.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] });
        _commitDuration = meter.CreateHistogram("chat.message_store.commit.duration", "s", "Time to write and commit one batch of messages.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });
        _syncs = meter.CreateCounter<long>("chat.syncs", "{call}", "Sync calls: offline delivery (no cursor) or catch-up after a reconnect.");
        _syncMessages = meter.CreateHistogram("chat.sync.messages", "{message}", "Messages one Sync call returned.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500] });
        _sweeps = meter.CreateCounter<long>("chat.presence.sweeps", "{node}", "Dead nodes whose connections this node took out of presence.");
        _sweptUsers = meter.CreateCounter<long>("chat.presence.swept_users", "{user}", "Users who went offline because their node died.");
    }

    /// <summary>Counts a send's outcome and hands it back.</summary>
    public Outcome<MessageDto> Counted(MessageKind kind, Outcome<MessageDto> outcome)
    {
        if (outcome.Refusal is { } refused)
        {
            _refused.Add(1, Kind(kind), Reason(refused.Kind));
        }
        else
        {
            _accepted.Add(1, Kind(kind));
        }

        return outcome;
    }

    public void Throttled(MessageKind kind) => _refused.Add(1, Kind(kind), Throttle);

    public void Pushed(MessageDto message) => _pushes.Add(1, new KeyValuePair<string, object?>("kind", message.Kind), Sent);

    public void PushFailed(MessageDto message) => _pushes.Add(1, new KeyValuePair<string, object?>("kind", message.Kind), Failed);

    public void BatchStored(int messages, TimeSpan took)
    {
        _batchSize.Record(messages);
        _commitDuration.Record(took.TotalSeconds);
    }

    public void Synced(long? afterMessageId, int messages)
    {
        var mode = afterMessageId is null ? Offline : CatchUp;
        _syncs.Add(1, mode);
        _syncMessages.Record(messages, mode);
    }

    public void NodeSwept(int usersOffline)
    {
        _sweeps.Add(1);
        _sweptUsers.Add(usersOffline);
    }

    private static KeyValuePair<string, object?> Kind(MessageKind kind) => kind == MessageKind.Direct ? Direct : Group;

    private static KeyValuePair<string, object?> Reason(Refusal refusal) => refusal switch
    {
        Refusal.Invalid => Invalid,
        Refusal.NotFound => NotFound,
        Refusal.Forbidden => Forbidden,
        Refusal.Conflict => Conflict,
        _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal, null),
    };
}
