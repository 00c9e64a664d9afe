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
    private long _lastDelivery;

    public StepRecorder(int step, int messages, int receivers, double rate, long start)
    {
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
    }

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
            if (_errors.Count < 5 || _errors.ContainsKey(error))
            {
                _errors.AddOrUpdate(error, 1, (_, n) => n + 1);
            }

            return;
        }

        Volatile.Write(ref _outcomes[index], Acknowledged);
        Ack.Record(Clock.Micros(Clock.Now - DueAt(index)));
        Interlocked.Increment(ref _acked);
    }

    /// <summary>Message <paramref name="index"/> reached receiver <paramref name="receiver"/> (-1: a
    /// connection that should not have had it).</summary>
    public void Delivered(int index, int receiver)
    {
        var now = Clock.Now;
        if ((uint)index >= (uint)Messages || (uint)receiver >= (uint)Receivers)
        {
            Interlocked.Increment(ref _strays);
            return;
        }

        if (Interlocked.Increment(ref _deliveries[(index * Receivers) + receiver]) > 1)
        {
            Interlocked.Increment(ref _duplicates);
            return;
        }

        Interlocked.Increment(ref _delivered);
        Delivery.Record(Clock.Micros(now - DueAt(index)));
        var last = Interlocked.Read(ref _lastDelivery);
        while (now > last && Interlocked.CompareExchange(ref _lastDelivery, now, last) != last)
        {
            last = Interlocked.Read(ref _lastDelivery);
        }
    }

    /// <summary>Deliveries owed for acknowledged messages that never arrived.</summary>
    public long Lost()
    {
        long lost = 0;
        for (var i = 0; i < Messages; i++)
        {
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
}
