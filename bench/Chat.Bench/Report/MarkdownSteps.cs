using System.Text;
using Chat.Bench.Metrics;

namespace Chat.Bench.Report;

/// <summary>The tables of the stepped scenarios, and the per-process CPU and memory tables.</summary>
internal static class MarkdownSteps
{
    /// <summary><paramref name="more"/> adds a scenario's own tables after each series' steps.</summary>
    public static void Write(
        StringBuilder md, string title, string scenario, string description, IReadOnlyList<RateSeries> series, Action<StringBuilder, RateSeries>? more = null)
    {
        if (series.Count == 0)
        {
            return;
        }

        md.AppendLine($"## {title}").AppendLine();
        md.AppendLine(description).AppendLine();
        var receivers = series[0].Steps.FirstOrDefault()?.Receivers ?? 1;
        foreach (var s in series)
        {
            md.AppendLine($"### {scenario}: {s.Stack}").AppendLine();
            md.Append(s.HighestPassingRate is { } rate
                ? $"Highest passing rate: **{rate:0.#} msg/s**{(receivers > 1 ? $" = **{rate * receivers:0} deliveries/s**" : "")}."
                : "No step passed.");
            md.AppendLine(s.Knee switch
            {
                null => " Every step passed: the knee lies above the ladder, so this is a floor, not the stack's limit.",
                { GeneratorBound: true } knee => $" The failing step ({knee.Rate:0.#} msg/s) was generator-bound (sends late by p99 {knee.LatenessMs.P99} ms): the knee may lie higher.",
                _ => "",
            }).AppendLine();
            var table = new Table("offered msg/s", receivers > 1 ? "delivered /s" : "delivered msg/s", "sent", "acked", "refused", "unanswered",
                "lost", "dup", "p50 ms", "p95 ms", "p99 ms", "max ms", "ack p50", "ack p99", "late p99", "late max", "bench CPU %", "pass");
            // A step whose sends ran late measured the generator as much as the server: marked in "pass".
            foreach (var step in s.AllSteps)
            {
                table.Row(step.OfferedPerSecond, step.DeliveredPerSecond, step.Sent, step.Acked, step.Failed, step.Unacked,
                    step.Lost, step.Duplicates, step.DeliveryMs.P50, step.DeliveryMs.P95, step.DeliveryMs.P99, step.DeliveryMs.Max,
                    step.AckMs.P50, step.AckMs.P99, step.LatenessMs.P99, step.LatenessMs.Max, step.GeneratorCpuPercent,
                    (s.IsWarmup(step) ? "warm-up" : step.Passed ? "yes" : "**no**") + (step.GeneratorBound ? " (generator-bound)" : ""));
            }

            table.WriteTo(md);
            foreach (var step in s.Steps.Where(st => st.Errors.Count > 0))
            {
                md.AppendLine($"- {step.Rate:0.#} msg/s errors: {string.Join("; ", step.Errors)}");
            }

            more?.Invoke(md, s);

            WriteProcesses(md, [.. s.Steps.Select(st => ($"{st.Rate:0.#}/s", st.Processes))]);
        }
    }

    /// <summary>CPU % / peak RSS MB of each process (rows) in each window (columns). The stack not under
    /// load is listed too: it should idle, and if it does not, that shows.</summary>
    public static void WriteProcesses(StringBuilder md, IReadOnlyList<(string Column, IReadOnlyList<ProcessFigure> Figures)> windows)
    {
        if (windows.Count == 0)
        {
            return;
        }

        var labels = windows.SelectMany(w => w.Figures).Select(p => (p.Stack, p.Name)).Distinct().ToList();
        md.AppendLine("CPU % (100 = one core) / peak RSS MB per process:").AppendLine();
        var table = new Table(["process", .. windows.Select(w => w.Column)]);
        foreach (var (processStack, name) in labels)
        {
            table.Row([$"{processStack}:{name}", .. windows.Select(w =>
                MarkdownReport.Figure(w.Figures.FirstOrDefault(p => p.Stack == processStack && p.Name == name)))]);
        }

        table.WriteTo(md);
    }
}
