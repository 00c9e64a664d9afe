using Chat.Bench.Metrics;
using Chat.Bench.Report;
using Chat.Bench.Setup;

namespace Chat.Bench.Scenarios;

/// <summary>Users in friend pairs, each with one connection through nginx, sending to each other
/// round-robin at stepped rates.</summary>
internal sealed class DirectScenario(BenchOptions options, ProcessSampler sampler)
{
    /// <summary>A target compares p99 at this rate, so it runs even after a lower step failed.</summary>
    public const double ComparedRate = 1000;

    public async Task<RateSeries> RunAsync(Stack stack, CancellationToken ct)
    {
        var users = FriendPairs.Of(stack, options);
        Console.WriteLine($"direct {stack.Name}: making {users.Length / 2} friend pairs and connecting their {users.Length} users");
        await FriendPairs.BefriendAsync(stack.Entry, users, ct);
        await using var load = new DirectLoad(stack.Entry, users);
        await load.ConnectAsync(50, ct);
        double? mustRun = options.DirectRates.Contains(ComparedRate) ? ComparedRate : null;
        var plan = new StepPlan(options.DirectRates, options.StepSeconds, options.DrainSeconds, options.WarmupSeconds, mustRun, options.DirectMaxRate);
        return await Stepping.RunAsync(load, stack.Name, plan, sampler, token => load.ConnectAsync(50, token), ct);
    }
}

internal sealed class DirectLoad(Uri entry, BenchUser[] pairs) : PairLoad(entry, pairs)
{
    public override string Scenario => "direct";

    public override void Send(StepRecorder recorder, int index) => SendPlain(recorder, index, 'd');

    protected override void Received(StepRecorder recorder, in WireView message, int receiver)
    {
        if (!message.Updated && Texts.TryParse(message.ClientMessageId, 'd', out var step, out var index) && step == recorder.Step)
        {
            recorder.Delivered(index, receiver == Friend(SenderOf(index)) ? 0 : -1);
        }
    }
}
