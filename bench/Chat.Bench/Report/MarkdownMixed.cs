using System.Globalization;
using System.Text;
using Chat.Bench.Setup;

namespace Chat.Bench.Report;

/// <summary>The mixed section of BENCHMARKS.md: its steps, each kind of operation apart, and the product's
/// direct figures of the same run next to them.</summary>
internal static class MarkdownMixed
{
    public static void Write(StringBuilder md, BenchResults r)
    {
        var s = r.Settings;
        var shares = s.MixedShares is { } mix ? string.Join(", ", mix.Select(k => $"{k.Value:0.##} % {k.Key}")) : "shares not recorded";
        MarkdownSteps.Write(md, "Mixed: replies, edits and reactions (product)", "mixed",
            $"The direct scenario's {s.Users / 2} friend pairs and ladder, {s.StepSeconds} s per step, with the operations in fixed shares " +
            $"({shares}): *send* is `SendDirect` as in the direct scenario; *reply* is `SendMessage` with `replyToId` the friend's " +
            "latest plain message; *edit* is `EditMessage` of the sender's own latest plain message with a new text of the same " +
            "length; *react* toggles 👍 with `React` on the friend's latest reply (so that no message is changed by both of a " +
            "pair at once). Each user takes every kind in turn. Delivery is the friend's `MessageReceived` for sends and replies " +
            "(with the right `replyToId`) and the friend's `MessageUpdated` for edits and reactions, matched by the change id the " +
            "answer returned and checked for the edited text or the reaction; the actor's own copy of `MessageUpdated` is not " +
            "counted. Anything on the wire that does not say what was sent is counted as bad and fails the step, as does a kind " +
            "whose own p99 reaches the limit. The relay has no such methods.", r.Mixed, (md, series) => WriteKinds(md, series, r));
    }

    private static void WriteKinds(StringBuilder md, RateSeries mixed, BenchResults r)
    {
        md.AppendLine("Each kind of operation (ms from the due time; *ack*: the answer, *p50/p99/max*: the friend's push):").AppendLine();
        var kinds = new Table("offered msg/s", "kind", "share", "sent", "acked", "refused", "lost", "dup", "ack p50", "ack p99", "p50 ms", "p99 ms", "max ms");
        foreach (var step in mixed.AllSteps)
        {
            foreach (var k in step.Kinds ?? [])
            {
                kinds.Row(step.OfferedPerSecond, mixed.IsWarmup(step) ? $"{k.Kind} (warm-up)" : k.Kind, $"{k.Share * 100:0.#} %", k.Sent, k.Acked, k.Failed,
                    k.Lost, k.Duplicates, k.AckMs.P50, k.AckMs.P99, k.DeliveryMs.P50, k.DeliveryMs.P99, k.DeliveryMs.Max);
            }
        }

        kinds.WriteTo(md);

        if (r.Direct.FirstOrDefault(d => d.Stack == Stack.Product) is not { } direct)
        {
            md.AppendLine("The direct scenario did not run on the product: no comparison.").AppendLine();
            return;
        }

        md.AppendLine("Next to the product's direct steps of the same run (*CPU µs/op*: the CPU of the product's nodes, MariaDB and " +
            "nginx and of the shared Redis over the step, per acknowledged operation):").AppendLine();
        var compared = new Table("offered msg/s", "direct p99 ms", "mixed p99 ms", "direct CPU µs/op", "mixed CPU µs/op", "CPU ratio", "direct pass", "mixed pass");
        foreach (var step in mixed.Steps)
        {
            var same = direct.At(step.Rate);
            var (directCpu, mixedCpu) = (same is null ? null : Costs.MicrosPerOperation(same), Costs.MicrosPerOperation(step));
            compared.Row(step.Rate, same?.DeliveryMs.P99, step.DeliveryMs.P99, directCpu, mixedCpu,
                directCpu is > 0 && mixedCpu is { } m ? $"{m / directCpu.Value:0.00}×" : null,
                same is null ? "not run" : same.Passed ? "yes" : "**no**", step.Passed ? "yes" : "**no**");
        }

        compared.WriteTo(md);
        md.AppendLine($"Highest rate passed: mixed {Rate(mixed)}, direct {Rate(direct)}; the targets table holds the ratios. CPU per " +
            "operation includes what the processes spend idle, which weighs most at the lowest rates: compare the highest rate both passed.").AppendLine();
    }

    private static string Rate(RateSeries s) => s.HighestPassingRate is { } rate ? $"{rate.ToString("0", CultureInfo.InvariantCulture)} msg/s" : "none";
}
