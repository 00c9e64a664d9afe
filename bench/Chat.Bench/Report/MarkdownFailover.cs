using System.Text;

namespace Chat.Bench.Report;

/// <summary>The failover section of BENCHMARKS.md (TEST-PLAN R1 BENCH and R5).</summary>
internal static class MarkdownFailover
{
    public static void Write(StringBuilder md, BenchResults r)
    {
        var s = r.Settings;
        md.AppendLine("## A node killed under load (product, R1 and R5)").AppendLine();
        md.AppendLine($"{s.FailoverClients} users in friend pairs, one connection each through nginx, send direct messages at " +
            $"{s.FailoverRate} msg/s in all for {s.FailoverSeconds} s. Half-way, one of the {s.Nodes} nodes is killed (SIGKILL) and " +
            "stays dead. Each client does what PROTOCOL.md asks: it reconnects at once and then with full-jitter backoff " +
            "capped at 10 s, forever, calls `Sync(lastId)` until `hasMore` is false, shows each id once, and sends a message " +
            "whose send failed with the node again with the same `clientMessageId`; while away it sends nothing. *Victims*: " +
            "clients whose connection closed. *Reconnect*: close to reconnected and synced. *Lost*: acknowledged, never seen by " +
            "the recipient (no final sync). *Shown twice*: one send seen under two ids. *Inversions*: a new message pushed " +
            "with a lower id than one pushed before it on the same connection, or a sync page out of order. *Unaffected " +
            "p99*: delivery latency of messages between two clients that were not on the killed node, before the kill " +
            $"(after a warm-up of {s.FailoverWarmupSeconds} s) and from the kill until every victim was synced (the storm).").AppendLine();
        var table = new Table("clients", "killed", "victims", "acked", "lost", "shown twice", "inversions", "failed / resent",
            "reconnect p50 / p99 / max ms", "stuck", "storm s", "attempts (peak/s)", "502", "syncs", "database CPU % in storm",
            "unaffected p99 before → after ms");
        foreach (var f in r.Failover)
        {
            table.Row(f.Clients, f.KilledNode, f.Victims, f.Acked, f.Lost, f.ShownTwice, f.Inversions, $"{f.FailedWithNode} / {f.ResentAcked}",
                $"{f.ReconnectMs.P50:0} / {f.ReconnectMs.P99:0} / {f.ReconnectMs.Max:0}", f.Stuck, f.StormSeconds,
                $"{f.Attempts} ({f.PeakAttemptsPerSecond})", f.BadGateway, f.Syncs, f.DatabaseCpuPercent,
                $"{f.UnaffectedBeforeMs.P99} → {f.UnaffectedAfterMs.P99}");
        }

        table.WriteTo(md);
        foreach (var error in r.Failover.SelectMany(f => f.Errors))
        {
            md.AppendLine($"- error: {error}");
        }

        md.AppendLine();
        MarkdownSteps.WriteProcesses(md, [.. r.Failover.Select(f => (f.Stack, f.Processes))]);
    }
}
