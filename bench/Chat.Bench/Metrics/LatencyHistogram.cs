using System.Numerics;

namespace Chat.Bench.Metrics;

/// <summary>Percentiles of a figure in microseconds, HdrHistogram style: fixed memory, exact below
/// 256 µs and within 1% above, safe to record into from many threads while it is being read.</summary>
internal sealed class LatencyHistogram
{
    private const int Linear = 256;
    private const int SubBits = 7;
    private const int SubCount = 1 << SubBits;
    private const int FirstExponent = 8;
    private const int Octaves = 40;
    private const int Buckets = Linear + (Octaves * SubCount);

    private readonly long[] _counts = new long[Buckets];
    private long _count;
    private long _max;

    public long Count => Volatile.Read(ref _count);

    public void Record(long micros)
    {
        micros = Math.Max(0, micros);
        Interlocked.Increment(ref _counts[Index(micros)]);
        Interlocked.Increment(ref _count);
        var max = Volatile.Read(ref _max);
        while (micros > max)
        {
            var seen = Interlocked.CompareExchange(ref _max, micros, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    /// <summary>The value at quantile <paramref name="q"/> (0..1) in milliseconds; 0 when empty.</summary>
    public double Milliseconds(double q)
    {
        var count = Count;
        if (count == 0)
        {
            return 0;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(q * count));
        long seen = 0;
        for (var i = 0; i < Buckets; i++)
        {
            seen += Volatile.Read(ref _counts[i]);
            if (seen >= rank)
            {
                return Math.Min(UpperBound(i), Volatile.Read(ref _max)) / 1000.0;
            }
        }

        return Volatile.Read(ref _max) / 1000.0;
    }

    public Percentiles Summary() =>
        new(Round(Milliseconds(0.50)), Round(Milliseconds(0.95)), Round(Milliseconds(0.99)), Round(Volatile.Read(ref _max) / 1000.0), Count);

    private static double Round(double ms) => Math.Round(ms, 2);

    private static int Index(long micros)
    {
        if (micros < Linear)
        {
            return (int)micros;
        }

        var exponent = 63 - BitOperations.LeadingZeroCount((ulong)micros);
        var sub = (int)(micros >> (exponent - SubBits)) - SubCount;
        return Math.Min(Buckets - 1, Linear + ((exponent - FirstExponent) * SubCount) + sub);
    }

    private static long UpperBound(int index)
    {
        if (index < Linear)
        {
            return index;
        }

        var exponent = ((index - Linear) / SubCount) + FirstExponent;
        var sub = (index - Linear) % SubCount;
        return ((long)(SubCount + sub + 1) << (exponent - SubBits)) - 1;
    }
}

/// <summary>Latency figures in milliseconds.</summary>
internal sealed record Percentiles(double P50, double P95, double P99, double Max, long Count)
{
    public static readonly Percentiles None = new(0, 0, 0, 0, 0);
}
