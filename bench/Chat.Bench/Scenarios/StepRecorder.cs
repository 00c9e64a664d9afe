using System.Collections.Concurrent;
using Chat.Bench.Metrics;

namespace Chat.Bench.Scenarios;

/// <summary>Everything about one open-loop step: message i is due at start + i / rate, whatever the
/// server's pace, and every latency is measured from that due time, so a slow server cannot hide its
/// slowness by slowing the sender down (coordinated omission). Bounded: one counter per delivery.</summary>
internal sealed class StepRecorder
{
    private const byte Acknowledged = 1;
    private const byte Refused = 2;

    private readonly long _start;
    private readonly double _ticksPerMessage;
    private readonly int[] _deliveries;
    private readonly byte[] _outcomes;
    private readonly ConcurrentDictionary<string, int> _errors = new();
    private long _sent;
    private long _acked;
    private long _failed;
    private long _delivered;
    private long _duplicates;
    private long _strays;
    private long _bad;
    private long _lastDelivery;

    public StepRecorder(int step, int messages, int receivers, double rate, long start, OperationKinds? kinds = null)
    {
        Kinds = kinds;
        Tallies = kinds is null ? [] : [.. kinds.Names.Select(_ => new KindTally())];
        Step = step;
        Messages = messages;
        Receivers = receivers;
        Rate = rate;
        _start = start;
        _ticksPerMessage = Clock.Ticks(1) / rate;
        _deliveries = new int[messages * receivers];
        _outcomes = new byte[messages];
        _lastDelivery = start;
    }

    public int Step { get; }

    public int Messages { get; }

    public int Receivers { get; }

    public double Rate { get; }

    public long Start => _start;

    public LatencyHistogram Delivery { get; } = new();

    public LatencyHistogram Ack { get; } = new();

    public LatencyHistogram Lateness { get; } = new();

    public long Sent => Interlocked.Read(ref _sent);

    public long Acked => Interlocked.Read(ref _acked);

    public long Failed => Interlocked.Read(ref _failed);

    public long DeliveredCount => Interlocked.Read(ref _delivered);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public long Strays => Interlocked.Read(ref _strays);

    /// <summary>Pushes and answers that did not say what was sent, or could not be read at all.</summary>
    public long BadCount => Interlocked.Read(ref _bad);

    public OperationKinds? Kinds { get; }

    /// <summary>One per kind of <see cref="Kinds"/>; empty without kinds.</summary>
    public IReadOnlyList<KindTally> Tallies { get; }

    public long LastDelivery => Interlocked.Read(ref _lastDelivery);

    public IReadOnlyList<string> Errors => [.. _errors.Select(e => $"{e.Value}x {e.Key}")];

    /// <summary>Every invocation has answered and every acknowledged message reached every receiver.</summary>
    public bool Settled => Acked + Failed == Messages && DeliveredCount >= Acked * Receivers;

    public long DueAt(int index) => _start + (long)(index * _ticksPerMessage);

    /// <summary>Message <paramref name="index"/> goes out now: how late that is.</summary>
    public void Sending(int index)
    {
        Interlocked.Increment(ref _sent);
        Lateness.Record(Clock.Micros(Clock.Now - DueAt(index)));
        if (TallyOf(index) is { } tally)
        {
            Interlocked.Increment(ref tally.Sent);
        }
    }

    /// <summary>Something on the wire that does not say what was sent: counted, named among the errors,
    /// and never as a delivery.</summary>
    public void Bad(string why)
    {
        Interlocked.Increment(ref _bad);
        Note(why);
    }

    /// <summary>A push that no message of the step explains.</summary>
    public void Stray() => Interlocked.Increment(ref _strays);

    /// <summary>The server answered message <paramref name="index"/>: acknowledged, or refused with <paramref name="error"/>.</summary>
    public void Answered(int index, string? error)
    {
        if ((uint)index >= (uint)Messages)
        {
            return;
        }

        if (error is not null)
        {
            Volatile.Write(ref _outcomes[index], Refused);
            Interlocked.Increment(ref _failed);
            if (TallyOf(index) is { } refused)
            {
                Interlocked.Increment(ref refused.Failed);
            }

            Note(error);
            return;
        }

        Volatile.Write(ref _outcomes[index], Acknowledged);
        var micros = Clock.Micros(Clock.Now - DueAt(index));
        Ack.Record(micros);
        Interlocked.Increment(ref _acked);
        if (TallyOf(index) is { } tally)
        {
            tally.Ack.Record(micros);
            Interlocked.Increment(ref tally.Acked);
        }
    }

    /// <summary>Message <paramref name="index"/> reached receiver <paramref name="receiver"/> (-1: a
    /// connection that should not have had it).</summary>
    public void Delivered(int index, int receiver) => Delivered(index, receiver, Clock.Now);

    /// <summary>The same, for a push that arrived at <paramref name="now"/> and was matched to its message later.</summary>
    public void Delivered(int index, int receiver, long now)
    {
        if ((uint)index >= (uint)Messages || (uint)receiver >= (uint)Receivers)
        {
            Interlocked.Increment(ref _strays);
            return;
        }

        var tally = TallyOf(index);
        if (Interlocked.Increment(ref _deliveries[(index * Receivers) + receiver]) > 1)
        {
            Interlocked.Increment(ref _duplicates);
            if (tally is not null)
            {
                Interlocked.Increment(ref tally.Duplicates);
            }

            return;
        }

        Interlocked.Increment(ref _delivered);
        var micros = Clock.Micros(now - DueAt(index));
        Delivery.Record(micros);
        if (tally is not null)
        {
            tally.Delivery.Record(micros);
            Interlocked.Increment(ref tally.Delivered);
        }

        var last = Interlocked.Read(ref _lastDelivery);
        while (now > last && Interlocked.CompareExchange(ref _lastDelivery, now, last) != last)
        {
            last = Interlocked.Read(ref _lastDelivery);
        }
    }

    /// <summary>Deliveries owed for acknowledged messages that never arrived (of kind <paramref name="kind"/> only, when given).</summary>
    public long Lost(int? kind = null)
    {
        long lost = 0;
        for (var i = 0; i < Messages; i++)
        {
            if (kind is { } k && Kinds?.KindOf(i) != k)
            {
                continue;
            }

            if (Volatile.Read(ref _outcomes[i]) != Acknowledged)
            {
                continue;
            }

            for (var r = 0; r < Receivers; r++)
            {
                if (Volatile.Read(ref _deliveries[(i * Receivers) + r]) == 0)
                {
                    lost++;
                }
            }
        }

        return lost;
    }

    private KindTally? TallyOf(int index) => Kinds is { } kinds ? Tallies[kinds.KindOf(index)] : null;

    private void Note(string error)
    {
        if (_errors.Count < 5 || _errors.ContainsKey(error))
        {
            _errors.AddOrUpdate(error, 1, (_, n) => n + 1);
        }
    }
}

/// <summary>The kinds of operation a step mixes: <c>KindOf(i)</c> says which kind message i is, by position
/// in <c>Names</c>; <c>Shares</c> are the kinds' fractions, summing to 1.</summary>
internal sealed record OperationKinds(IReadOnlyList<string> Names, IReadOnlyList<double> Shares, Func<int, int> KindOf);

/// <summary>One kind's figures within a step; fields, since they are counted with <see cref="Interlocked"/>.</summary>
internal sealed class KindTally
{
    public long Sent;
    public long Acked;
    public long Failed;
    public long Delivered;
    public long Duplicates;

    public LatencyHistogram Delivery { get; } = new();

    public LatencyHistogram Ack { get; } = new();
}
