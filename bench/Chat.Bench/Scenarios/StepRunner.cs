using Chat.Bench.Metrics;
using Chat.Bench.Report;

namespace Chat.Bench.Scenarios;

/// <summary>What an open-loop scenario sends and where its deliveries are counted.</summary>
internal interface IOpenLoopLoad
{
    string Scenario { get; }

    int Receivers { get; }

    /// <summary>The kinds of operation a step mixes, counted apart; null for one kind.</summary>
    OperationKinds? Kinds { get; }

    /// <summary>The step that incoming messages are counted for; null between steps.</summary>
    StepRecorder? Current { get; set; }

    void Send(StepRecorder recorder, int index);

    /// <summary>The step's drain is over: anything still waiting to be matched can be counted now.</summary>
    void StepEnded(StepRecorder recorder);
}

/// <summary>Runs one step of an open-loop scenario and sums it up.</summary>
internal static class StepRunner
{
    public const double LatencyLimitMs = 100;

    /// <summary>Sends this late (p99) mean the generator could not keep to the schedule: the step says more
    /// about the generator than about the server, and is marked so.</summary>
    public const double GeneratorBoundLatenessMs = 10;

    public static async Task<StepResult> RunAsync(
        IOpenLoopLoad load, string stack, int step, double rate, double seconds, double drainSeconds, ProcessSampler sampler, CancellationToken ct)
    {
        var messages = Math.Max(1, (int)Math.Round(rate * seconds));
        var recorder = new StepRecorder(step, messages, load.Receivers, rate, Clock.Now + Clock.Ticks(0.05), load.Kinds);
        load.Current = recorder;
        var window = sampler.Begin();
        using (new Progress(() => Describe(load.Scenario, stack, recorder)))
        {
            await OpenLoop.RunAsync(recorder, i => load.Send(recorder, i));
            var deadline = Clock.Now + Clock.Ticks(drainSeconds);
            while (!recorder.Settled && Clock.Now < deadline)
            {
                await Task.Delay(20, ct);
            }
        }

        var processes = window.End();
        load.Current = null;
        load.StepEnded(recorder);
        var result = Summarise(stack, recorder, seconds, processes, window.Seconds);
        var verdict = (step == 0 ? "warm-up" : result.Passed ? "pass" : "FAIL") + (result.GeneratorBound ? " (generator-bound)" : "");
        Console.WriteLine($"  {load.Scenario} {stack} {rate:0.#}/s: {verdict} sent={result.Sent} acked={result.Acked} " +
            $"failed={result.Failed} unacked={result.Unacked} delivered={result.Delivered}/{result.Deliveries} lost={result.Lost} dup={result.Duplicates} bad={result.Bad} " +
            $"p50={result.DeliveryMs.P50} p99={result.DeliveryMs.P99} max={result.DeliveryMs.Max} ms, late p99={result.LatenessMs.P99} ms, " +
            $"bench cpu={result.GeneratorCpuPercent}%");
        foreach (var kind in result.Kinds ?? [])
        {
            Console.WriteLine($"    {kind.Kind}: sent={kind.Sent} acked={kind.Acked} failed={kind.Failed} delivered={kind.Delivered} lost={kind.Lost} " +
                $"dup={kind.Duplicates} ack p50={kind.AckMs.P50} p99={kind.AckMs.P99} delivery p50={kind.DeliveryMs.P50} p99={kind.DeliveryMs.P99} ms");
        }

        foreach (var error in result.Errors)
        {
            Console.WriteLine($"    error: {error}");
        }

        return result;
    }

    private static StepResult Summarise(string stack, StepRecorder r, double seconds, IReadOnlyList<ProcessFigure> processes, double windowSeconds)
    {
        var lost = r.Lost();
        var unacked = r.Messages - r.Acked - r.Failed;
        var delivery = r.Delivery.Summary();
        var span = Clock.Seconds(r.LastDelivery - r.Start);
        IReadOnlyList<KindResult>? kinds = r.Kinds is { } mix
            ? [.. r.Tallies.Select((t, k) => new KindResult(
                mix.Names[k], mix.Shares[k], t.Sent, t.Acked, t.Failed, r.Lost(k), t.Delivered, t.Duplicates, t.Delivery.Summary(), t.Ack.Summary()))]
            : null;
        // Every kind on its own too: a rare kind that is slow hardly moves the step's p99.
        var passed = delivery.P99 < LatencyLimitMs && lost == 0 && r.Failed == 0 && unacked == 0 && r.Duplicates == 0 && r.Strays == 0 &&
            r.BadCount == 0 && r.DeliveredCount > 0 && (kinds ?? []).All(k => k.DeliveryMs.P99 < LatencyLimitMs && (k.Sent == 0 || k.Delivered > 0));
        return new StepResult(
            stack, r.Rate, r.Receivers, seconds, r.Messages, r.Sent, r.Acked, r.Failed, unacked,
            (long)r.Messages * r.Receivers, r.DeliveredCount, lost, r.Duplicates, r.Strays,
            Math.Round(r.Messages / seconds, 1),
            span > 0 ? Math.Round(r.DeliveredCount / span, 1) : 0,
            delivery, r.Ack.Summary(), r.Lateness.Summary(),
            processes.FirstOrDefault(p => p.Stack == WatchedProcess.GeneratorStack)?.CpuPercent ?? 0,
            passed, r.Lateness.Summary().P99 > GeneratorBoundLatenessMs, r.Errors, processes, r.BadCount, Math.Round(windowSeconds, 2), kinds);
    }

    private static string Describe(string scenario, string stack, StepRecorder r) =>
        $"{scenario} {stack} {r.Rate:0.#}/s: sent {r.Sent}/{r.Messages} acked {r.Acked} failed {r.Failed} " +
        $"delivered {r.DeliveredCount}/{(long)r.Messages * r.Receivers} p99 {r.Delivery.Milliseconds(0.99):0.0} ms late p99 {r.Lateness.Milliseconds(0.99):0.0} ms";
}
