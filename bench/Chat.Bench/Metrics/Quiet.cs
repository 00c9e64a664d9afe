using System.Runtime;

namespace Chat.Bench.Metrics;

/// <summary>Lets the previous scenario's aftermath end before the next measures anything: the servers
/// finish closing thousands of connections, and the generator collects them, instead of stealing the
/// shared cores from whichever stack runs next.</summary>
internal static class Quiet
{
    private const double BusyCores = 0.25;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static async Task WaitAsync(ProcessSampler sampler, CancellationToken ct)
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);

        var servers = sampler.Processes.Where(p => p.Stack != WatchedProcess.GeneratorStack).ToArray();
        var deadline = Clock.Now + Clock.Ticks(Patience.TotalSeconds);
        string busiest;
        do
        {
            var before = servers.Select(p => ProcessSampler.CpuSeconds(p.Pid) ?? 0).ToArray();
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
            var used = servers.Select((p, i) => (p.Label, Cores: (ProcessSampler.CpuSeconds(p.Pid) ?? 0) - before[i])).ToArray();
            if (used.Sum(u => u.Cores) < BusyCores)
            {
                return;
            }

            busiest = string.Join(", ", used.OrderByDescending(u => u.Cores).Take(3).Select(u => $"{u.Label} {u.Cores * 100:0}%"));
        }
        while (Clock.Now < deadline);

        Console.WriteLine($"  servers still busy after {Patience.TotalSeconds:0} s ({busiest}); going on");
    }
}
