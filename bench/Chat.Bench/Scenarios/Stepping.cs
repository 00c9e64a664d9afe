using Chat.Bench.Metrics;
using Chat.Bench.Report;

namespace Chat.Bench.Scenarios;

/// <summary>Steps the rate up until a step fails: p99 over the limit, or anything lost, duplicated or
/// refused. A step in <c>mustRun</c> still runs after an earlier failure, since a target compares it.</summary>
internal static class Stepping
{
    public static async Task<RateSeries> RunAsync(
        IOpenLoopLoad load, string stack, IReadOnlyList<double> rates, double seconds, double drainSeconds,
        double? mustRun, ProcessSampler sampler, Func<CancellationToken, Task> beforeStep, CancellationToken ct)
    {
        // Unrecorded seconds at a low rate: JIT, connection pools and caches warm up on both stacks alike.
        await StepRunner.RunAsync(load, stack, 0, Math.Min(rates[0], 100), 2, drainSeconds, sampler, ct);

        var steps = new List<StepResult>();
        var failed = false;
        double? highest = null;
        foreach (var rate in rates)
        {
            if (failed && rate != mustRun)
            {
                continue;
            }

            await Quiet.WaitAsync(sampler, ct);
            await beforeStep(ct);
            var result = await StepRunner.RunAsync(load, stack, steps.Count + 1, rate, seconds, drainSeconds, sampler, ct);
            steps.Add(result);
            if (!failed && result.Passed)
            {
                highest = rate;
            }

            failed |= !result.Passed;
            if (failed && (mustRun is not { } must || rate >= must))
            {
                break;
            }
        }

        return new RateSeries(stack, highest, highest * load.Receivers, steps);
    }
}
