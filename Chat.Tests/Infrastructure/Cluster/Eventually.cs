using System.Diagnostics;

namespace Chat.Tests.Infrastructure.Cluster;

/// <summary>For conditions nothing announces (a health status, a database value): poll with a short
/// pause until the condition holds or the time is up. Events are awaited with EventLog instead.</summary>
internal static class Eventually
{
    /// <summary>How long it took until <paramref name="holds"/> was true of what <paramref name="probe"/> saw;
    /// throws with <paramref name="what"/> and the last thing seen if it never was.</summary>
    public static async Task<TimeSpan> HoldsAsync<T>(Func<Task<T>> probe, Func<T, bool> holds, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        var seen = await probe();
        while (!holds(seen))
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Not within {timeout.TotalSeconds:0} s: {what} (last seen: {Describe(seen)}).");
            }

            await Task.Delay(100);
            seen = await probe();
        }

        return clock.Elapsed;
    }

    private static string? Describe<T>(T seen) =>
        seen is System.Collections.IEnumerable items and not string ? string.Join(", ", items.Cast<object>()) : seen?.ToString();
}
