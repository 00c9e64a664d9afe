using System.Diagnostics;

namespace Chat.Bench.Metrics;

/// <summary>Monotonic timestamps (<see cref="Stopwatch"/> ticks) and their conversions.</summary>
internal static class Clock
{
    public static long Now => Stopwatch.GetTimestamp();

    public static long Micros(long ticks) => ticks * 1_000_000 / Stopwatch.Frequency;

    public static long Ticks(double seconds) => (long)(seconds * Stopwatch.Frequency);

    public static double Seconds(long ticks) => (double)ticks / Stopwatch.Frequency;
}
