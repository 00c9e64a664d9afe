using System.Globalization;
using Chat.Bench.Scenarios;
using Chat.Bench.Setup;

namespace Chat.Bench.Report;

/// <summary>The issue's targets, most of them ratios to the relay measured in the same run. Met is
/// null when a figure is missing (a scenario or the relay did not run).</summary>
internal static class Targets
{
    public const double DirectRatio = 0.7;
    public const double P99Ratio = 2;
    public const int IdleConnections = 15000;
    public const double GroupDeliveries = 5000;
    public const int OfflineMessages = 10000;
    public const double OfflineMs = 2000;
    public const double ReadyMs = 3000;
    public const double ReconnectP99Ms = 10_000;
    public const double SyncedWithinMs = 30_000;
    public const double MixedRateRatio = 0.85;
    public const double MixedCpuRatio = 1.15;

    public static IReadOnlyList<TargetResult> Evaluate(BenchResults r)
    {
        var targets = new List<TargetResult>();
        var product = r.Direct.FirstOrDefault(s => s.Stack == Stack.Product);
        var relay = r.Direct.FirstOrDefault(s => s.Stack == Stack.Relay);

        var productRate = product?.HighestPassingRate ?? 0;
        targets.Add(product is null || relay?.HighestPassingRate is null
            ? Missing("direct: highest rate with p99 < 100 ms and nothing lost ≥ 0.7× the relay's",
                relay is null ? "relay or product not run" : "the relay passed no step: nothing to compare with")
            : new("direct: highest rate with p99 < 100 ms and nothing lost ≥ 0.7× the relay's",
                $"{productRate:0} vs {relay.HighestPassingRate ?? 0:0} msg/s ({Ratio(productRate, relay.HighestPassingRate)})",
                productRate >= DirectRatio * (relay.HighestPassingRate ?? 0) && productRate > 0));

        var productAt = product?.At(DirectScenario.ComparedRate);
        var relayAt = relay?.At(DirectScenario.ComparedRate);
        targets.Add(productAt is null || relayAt is null
            ? Missing("direct at 1000 msg/s: p99 ≤ 2× the relay's", "the 1000 msg/s step did not run on both")
            : new("direct at 1000 msg/s: p99 ≤ 2× the relay's",
                $"{productAt.DeliveryMs.P99} vs {relayAt.DeliveryMs.P99} ms ({Ratio(productAt.DeliveryMs.P99, relayAt.DeliveryMs.P99)})",
                productAt.Delivered > 0 && productAt.DeliveryMs.P99 <= P99Ratio * relayAt.DeliveryMs.P99));

        AddMixed(targets, product, r.Mixed.FirstOrDefault(s => s.Stack == Stack.Product));

        var idle = r.Idle.FirstOrDefault(i => i.Stack == Stack.Product);
        var idleRelay = r.Idle.FirstOrDefault(i => i.Stack == Stack.Relay);
        targets.Add(idle is null
            ? Missing("idle: 15 000 connections held across 2 nodes", "not run")
            : new("idle: 15 000 connections held across 2 nodes",
                $"{idle.Connected} of {idle.Requested} connected, {idle.ConnectFailed} failed, {idle.Closed} closed while held",
                idle.Requested >= IdleConnections && idle.Connected == idle.Requested && idle.Closed == 0 && r.Settings.Nodes == 2));
        targets.Add(idle is null || idleRelay is null
            ? Missing("idle: MB per 1000 idle connections per node ≤ the relay's", "relay or product not run")
            : new("idle: MB per 1000 idle connections per node ≤ the relay's",
                $"{idle.MbPer1000PerNode} vs {idleRelay.MbPer1000PerNode} MB ({Ratio(idle.MbPer1000PerNode, idleRelay.MbPer1000PerNode)})",
                idle.MbPer1000PerNode <= idleRelay.MbPer1000PerNode));

        var group = r.Group.FirstOrDefault(g => g.Stack == Stack.Product);
        targets.Add(group is null
            ? Missing("group: ≥ 5000 deliveries/s to a 100-member group at p99 < 100 ms", "not run")
            : new("group: ≥ 5000 deliveries/s to a 100-member group at p99 < 100 ms",
                $"{group.HighestPassingDeliveriesPerSecond ?? 0:0} deliveries/s ({group.HighestPassingRate ?? 0:0} msg/s × {r.Settings.GroupMembers} members)",
                (group.HighestPassingDeliveriesPerSecond ?? 0) >= GroupDeliveries && r.Settings.GroupMembers >= 100));

        var offline = r.Offline.FirstOrDefault(o => o.Stack == Stack.Product);
        targets.Add(offline is null
            ? Missing("offline: 10 000 waiting messages fully synced in < 2 s", "not run")
            : new("offline: 10 000 waiting messages fully synced in < 2 s",
                $"{offline.Received} of {offline.Messages} in {offline.SyncMs:0} ms ({offline.Pages} pages)",
                offline.Messages >= OfflineMessages && offline.Received == offline.Messages && offline.SyncMs < OfflineMs));

        AddFailover(targets, r.Failover.FirstOrDefault(f => f.Stack == Stack.Product));

        targets.Add(r.ReadyMs.TryGetValue(Stack.Product, out var ready)
            ? new("ready: a fresh node answers /healthz/ready within 3 s of start", $"{ready:0} ms", ready < ReadyMs)
            : Missing("ready: a fresh node answers /healthz/ready within 3 s of start", "not measured"));
        return targets;
    }

    private static void AddMixed(List<TargetResult> targets, RateSeries? direct, RateSeries? mixed)
    {
        const string Rate = "mixed (replies, edits, reactions): highest rate passed ≥ 0.85× the product's direct";
        const string Cpu = "mixed: product CPU per operation ≤ 1.15× direct's at the same rate";
        if (direct is null || mixed is null)
        {
            var why = mixed is null ? "mixed not run" : "direct not run on the product";
            targets.AddRange([Missing(Rate, why), Missing(Cpu, why)]);
            return;
        }

        var mixedRate = mixed.HighestPassingRate ?? 0;
        var directRate = direct.HighestPassingRate ?? 0;
        // A series that passed every step stopped at the ladder's top: the ratio of two tops says little.
        var tops = (direct.Knee, mixed.Knee) switch
        {
            (null, null) => "; every step passed on both: the ladder's top, not the knees",
            (null, _) => "; every step passed on direct: its knee lies higher",
            (_, null) => "; every step passed on mixed: its knee lies higher",
            _ => "",
        };
        targets.Add(directRate == 0
            ? Missing(Rate, "direct passed no step: nothing to compare with")
            : new(Rate, $"{mixedRate:0} vs {directRate:0} msg/s ({Ratio(mixedRate, directRate)}{tops})",
                mixedRate > 0 && mixedRate >= MixedRateRatio * directRate));

        var at = Costs.HighestCommonPass(direct, mixed);
        var mixedCpu = at is { } rate ? mixed.At(rate) is { } m ? Costs.MicrosPerOperation(m) : null : null;
        var directCpu = at is { } same ? direct.At(same) is { } d ? Costs.MicrosPerOperation(d) : null : null;
        targets.Add(mixedCpu is null || directCpu is null
            ? Missing(Cpu, at is null ? "no rate passed on both" : "no CPU figures (no --proc for the product)")
            : new(Cpu, $"{mixedCpu:0} vs {directCpu:0} µs per operation at {at:0} msg/s ({Ratio(mixedCpu.Value, directCpu)})",
                mixedCpu <= MixedCpuRatio * directCpu));
    }

    private static void AddFailover(List<TargetResult> targets, FailoverResult? f)
    {
        const string Kept = "failover (R1): a node killed under load: nothing acknowledged lost, nothing shown twice, no order inversions";
        const string Back = "failover (R1): the killed node's clients back and synced, p99 < 10 s";
        const string Storm = "failover (R5): every victim synced within 30 s, none gave up";
        const string Others = "failover (R5): unaffected users' p99 after the kill < 2× before";
        if (f is null || f.Victims == 0)
        {
            var why = f is null ? "not run" : "no client was on the killed node";
            targets.AddRange([Missing(Kept, why), Missing(Back, why), Missing(Storm, why), Missing(Others, why)]);
            return;
        }

        targets.Add(new(Kept, $"{f.Lost} lost, {f.ShownTwice} shown twice, {f.Inversions} inversions of {f.Acked} acknowledged",
            f.Lost == 0 && f.ShownTwice == 0 && f.Inversions == 0));
        targets.Add(new(Back, $"{f.Victims} clients: p50 {f.ReconnectMs.P50:0} ms, p99 {f.ReconnectMs.P99:0} ms, max {f.ReconnectMs.Max:0} ms; {f.Stuck} stuck",
            f.ReconnectMs.P99 < ReconnectP99Ms && f.Stuck == 0));
        targets.Add(new(Storm, $"all synced {f.StormSeconds} s after the kill, {f.Stuck} still away; peak {f.PeakAttemptsPerSecond} attempts/s",
            f.ReconnectMs.Max <= SyncedWithinMs && f.Stuck == 0));
        targets.Add(new(Others, $"{f.UnaffectedAfterMs.P99} vs {f.UnaffectedBeforeMs.P99} ms ({Ratio(f.UnaffectedAfterMs.P99, f.UnaffectedBeforeMs.P99)})",
            f.UnaffectedAfterMs.Count > 0 && f.UnaffectedAfterMs.P99 < P99Ratio * f.UnaffectedBeforeMs.P99));
    }

    private static TargetResult Missing(string name, string why) => new(name, why, null);

    private static string Ratio(double product, double? relay) =>
        relay is > 0 ? $"{(product / relay.Value).ToString("0.00", CultureInfo.InvariantCulture)}×" : "no relay figure";
}
