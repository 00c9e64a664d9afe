using Chat.Bench.Setup;

namespace Chat.Bench.Report;

/// <summary>What the product's processes spend per operation, for comparing the mixed scenario with the direct one.</summary>
internal static class Costs
{
    /// <summary>CPU of the product's processes (nodes, MariaDB, nginx) and the Redis it shares with the relay,
    /// which idles meanwhile, in microseconds per acknowledged operation; null without any.</summary>
    public static double? MicrosPerOperation(StepResult step)
    {
        var seconds = step.WindowSeconds > 0 ? step.WindowSeconds : step.Seconds;
        var percent = step.Processes.Where(p => p.Stack is Stack.Product or "shared").Sum(p => p.CpuPercent);
        return step.Acked > 0 && percent > 0 ? Math.Round(percent / 100 * seconds / step.Acked * 1e6) : null;
    }

    /// <summary>The highest rate at which both series passed a step (the direct one's by its own ladder).</summary>
    public static double? HighestCommonPass(RateSeries direct, RateSeries mixed) =>
        mixed.Steps.Where(m => m.Passed && direct.At(m.Rate) is { Passed: true }).Select(m => (double?)m.Rate).Max();
}
