using System.Diagnostics;
using System.Text.Json;
using Chat.Bench.Metrics;
using Chat.Bench.Report;
using Chat.Bench.Setup;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Bench.Scenarios;

/// <summary>TEST-PLAN R1 (BENCH) and R5: friend pairs chat at a steady rate; half-way through, one node
/// is killed with SIGKILL. Its clients reconnect through nginx at once, sync and chat on, while the
/// others must not notice. Runs last: the node stays dead.</summary>
internal sealed class FailoverScenario(BenchOptions options, ProcessSampler sampler)
{
    private static readonly TimeSpan StuckAfter = TimeSpan.FromSeconds(60);

    public async Task<FailoverResult> RunAsync(Stack stack, string prefix, CancellationToken ct)
    {
        var node = sampler.Processes.LastOrDefault(p => p.Stack == stack.Name && p.IsNode)
            ?? throw new BenchException($"failover: no --proc {stack.Name}:node*=PID to kill");
        Console.WriteLine($"failover {stack.Name}: registering {options.FailoverClients} users");
        var users = await Users.RegisterAsync(stack.Api, $"{prefix}f", options.FailoverClients & ~1, ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = new FailoverRun(users.Count, options.FailoverRate, options.FailoverSeconds, options.FailoverWarmupSeconds);
        var clients = users.Select((u, i) => new FailoverClient(stack.Entry, u, run.Counters, (m, at) => run.Seen(users[i].Id, m, at), run.WasResent, stop.Token)).ToArray();
        try
        {
            await HubClients.StartAllAsync([.. clients.Select(c => c.Connection)], 50, ct);
            await Parallel.ForAsync(0, clients.Length / 2, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
                async (pair, token) => await clients[2 * pair].Connection.InvokeAsync<JsonElement>("AddFriend", users[(2 * pair) + 1].Id, token));
            Console.WriteLine($"failover {stack.Name}: {clients.Length} clients at {options.FailoverRate} msg/s for {options.FailoverSeconds} s; " +
                $"{node.Name} (pid {node.Pid}) is killed half-way");

            var window = sampler.Begin();
            Task storm = Task.CompletedTask;
            using (new Progress(() => run.Describe(stack.Name, clients)))
            {
                await run.SendAsync(clients, () =>
                {
                    run.Counters.Killed();
                    var during = sampler.Begin();
                    Process.GetProcessById(node.Pid).Kill();
                    storm = run.WatchStormAsync(clients, during, StuckAfter, ct);
                });
                await storm;
                await run.ResendsAsync().WaitAsync(StuckAfter, ct);
                await run.DrainAsync(clients, options.DrainSeconds, ct);
            }

            var result = run.Summarise(stack.Name, node.Name, clients, window.End());
            Console.WriteLine($"  R1 bench: clients={result.Clients} killed={result.KilledNode} victims={result.Victims} acked={result.Acked} " +
                $"lost={result.Lost} dupShown={result.ShownTwice} inversions={result.Inversions} " +
                $"reconnect p50/p99/max={result.ReconnectMs.P50}/{result.ReconnectMs.P99}/{result.ReconnectMs.Max} ms stuck={result.Stuck}");
            Console.WriteLine($"  R5 storm: attempts={result.Attempts} peak={result.PeakAttemptsPerSecond}/s badGateway={result.BadGateway} " +
                $"syncs={result.Syncs} dbCpu={result.DatabaseCpuPercent}% gaveUp={result.Stuck} syncedWithin={result.ReconnectMs.Max / 1000:0.0} s " +
                $"unaffected p99 before/after={result.UnaffectedBeforeMs.P99}/{result.UnaffectedAfterMs.P99} ms");
            return result;
        }
        finally
        {
            stop.Cancel();
            await HubClients.DisposeAllAsync(clients.Select(c => c.Connection));
        }
    }
}
