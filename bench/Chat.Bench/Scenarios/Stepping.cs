using Chat.Bench.Metrics;
using Chat.Bench.Report;

namespace Chat.Bench.Scenarios;

/// <summary>The rates to step through, how long each step lasts, and the warm-up before them. A step at
/// <c>MustRun</c> still runs after an earlier failure, since a target compares it. Past the last rate the
/// ladder goes on by its last increment up to <c>MaxRate</c>: a stack that passed every listed step has
/// not shown its knee yet, and a ratio of a knee to a ceiling would say nothing.</summary>
internal sealed record StepPlan(
    IReadOnlyList<double> Rates, double Seconds, double DrainSeconds, double WarmupSeconds, double? MustRun = null, double? MaxRate = null)
{
    public IEnumerable<double> Ladder()
    {
        foreach (var rate in Rates)
        {
            yield return rate;
        }

        if (MaxRate is not { } max || Rates.Count < 2)
        {
            yield break;
        }

        var step = Rates[^1] - Rates[^2];
        for (var rate = Rates[^1] + step; step > 0 && rate <= max; rate += step)
        {
            yield return rate;
        }
    }
}

/// <summary>Steps the rate up until a step fails: p99 over the limit, or anything lost, duplicated or
/// refused (a rate past the listed ones only runs while every step so far passed).</summary>
internal static class Stepping
{
    public static async Task<RateSeries> RunAsync(
        IOpenLoopLoad load, string stack, StepPlan plan, ProcessSampler sampler, Func<CancellationToken, Task> beforeStep, CancellationToken ct)
    {
        // A warm-up at the first rate, reported but not judged: the first seconds of traffic on a fresh
        // process pay for JIT tiering, the first garbage collections and connection pools, on both stacks
        // alike (measured: p99 15-39 ms in a first step, 4-5 ms at the same rate right after).
        var warmup = await StepRunner.RunAsync(load, stack, 0, plan.Rates[0], plan.WarmupSeconds, plan.DrainSeconds, sampler, ct);

        var steps = new List<StepResult>();
        var failed = false;
        double? highest = null;
        foreach (var rate in plan.Ladder())
        {
            if (failed && rate != plan.MustRun)
            {
                continue;
            }

            await Quiet.WaitAsync(sampler, ct);
            await beforeStep(ct);
            var result = await StepRunner.RunAsync(load, stack, steps.Count + 1, rate, plan.Seconds, plan.DrainSeconds, sampler, ct);
            steps.Add(result);
            if (!failed && result.Passed)
            {
                highest = rate;
            }

            failed |= !result.Passed;
            if (failed && (plan.MustRun is not { } must || rate >= must))
            {
                break;
            }
        }

        return new RateSeries(stack, highest, highest * load.Receivers, steps, warmup);
    }
}
