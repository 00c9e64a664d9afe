using System.Collections.Concurrent;
using Chat.Bench.Metrics;
using Chat.Bench.Report;
using Chat.Bench.Setup;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Bench.Scenarios;

/// <summary>Many quiet connections held past the hub's keep-alive: how many survive and what each
/// costs the nodes in memory. Users are reused (registering thousands would take forever on purpose).</summary>
internal sealed class IdleScenario(BenchOptions options, ProcessSampler sampler)
{
    public async Task<IdleResult> RunAsync(Stack stack, CancellationToken ct)
    {
        var count = options.IdleConnections;
        var nodes = sampler.Processes.Where(p => p.Stack == stack.Name && p.IsNode).ToArray();
        var before = nodes.Select(n => ProcessSampler.RssMb(n.Pid) ?? 0).ToArray();
        var connections = new HubConnection?[count];
        var errors = new ConcurrentDictionary<string, int>();
        int connected = 0, failed = 0, closed = 0, closing = 0;
        Console.WriteLine($"idle {stack.Name}: opening {count} connections, {options.IdleParallelism} at a time");
        var window = sampler.Begin();
        var started = Clock.Now;
        double connectSeconds;
        double[] after;
        using (new Progress(() => $"idle {stack.Name}: connected {Volatile.Read(ref connected)}/{count} failed {Volatile.Read(ref failed)} closed {Volatile.Read(ref closed)}"))
        {
            await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = options.IdleParallelism, CancellationToken = ct }, async (i, token) =>
            {
                var connection = HubClients.Create(stack.Entry, stack.Users[i % stack.Users.Count].AccessToken);
                connection.Closed += _ =>
                {
                    if (Volatile.Read(ref closing) == 0)
                    {
                        Interlocked.Increment(ref closed);
                    }

                    return Task.CompletedTask;
                };
                connections[i] = connection;
                try
                {
                    await connection.StartAsync(token);
                    Interlocked.Increment(ref connected);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Interlocked.Increment(ref failed);
                    errors.AddOrUpdate($"{e.GetType().Name}: {e.Message}", 1, (_, n) => n + 1);
                }
            });
            connectSeconds = Clock.Seconds(Clock.Now - started);
            Console.WriteLine($"idle {stack.Name}: {connected} connected in {connectSeconds:0.0} s; holding {options.IdleHoldSeconds} s");
            await Task.Delay(TimeSpan.FromSeconds(options.IdleHoldSeconds), ct);
            after = [.. nodes.Select(n => ProcessSampler.RssMb(n.Pid) ?? 0)];
        }

        var generatorRss = ProcessSampler.RssMb(Environment.ProcessId) ?? 0;
        var processes = window.End();
        Volatile.Write(ref closing, 1);
        await HubClients.DisposeAllAsync(connections.OfType<HubConnection>());

        // Per node as least_conn spreads them: connected / nodes each.
        var perNodeThousands = connected / (double)Math.Max(1, nodes.Length) / 1000;
        var memory = nodes.Select((n, i) => new NodeMemory(n.Name, n.Pid, before[i], after[i],
            perNodeThousands > 0 ? Math.Round((after[i] - before[i]) / perNodeThousands, 1) : 0)).ToArray();
        var result = new IdleResult(stack.Name, count, connected, failed, closed, Math.Round(connectSeconds, 1), options.IdleHoldSeconds,
            memory, memory.Length > 0 ? Math.Round(memory.Average(m => m.MbPer1000), 1) : 0, generatorRss,
            [.. errors.Take(5).Select(e => $"{e.Value}x {e.Key}")], processes);
        Console.WriteLine($"  idle {stack.Name}: connected={connected} failed={failed} closed={closed} " +
            $"MB per 1000 per node={result.MbPer1000PerNode} ({string.Join(", ", memory.Select(m => $"{m.Name} {m.RssBeforeMb}->{m.RssAfterMb} MB"))})");
        return result;
    }
}
