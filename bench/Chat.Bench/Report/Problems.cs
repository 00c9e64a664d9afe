namespace Chat.Bench.Report;

/// <summary>Everything lost, duplicated, misrouted or refused. The smoke fails on any; a full run lists
/// them too, where the step that ended a stepped scenario is expected to have some.</summary>
internal static class Problems
{
    public static IReadOnlyList<string> Find(BenchResults r)
    {
        var problems = new List<string>();
        var stepped = r.Direct.Select(s => ("direct", s)).Concat(r.Mixed.Select(s => ("mixed", s))).Concat(r.Group.Select(s => ("group", s)));
        foreach (var (scenario, series) in stepped)
        {
            foreach (var step in series.AllSteps)
            {
                var figures = new[] { ("lost", step.Lost), ("duplicated", step.Duplicates), ("refused", step.Failed), ("unanswered", step.Unacked), ("misrouted", step.Strays), ("bad on the wire", step.Bad) }
                    .Where(f => f.Item2 > 0).Select(f => $"{f.Item2} {f.Item1}").ToArray();
                if (figures.Length > 0)
                {
                    var kinds = string.Concat((step.Kinds ?? []).Where(k => k.Lost + k.Duplicates + k.Failed > 0)
                        .Select(k => $"; {k.Kind}: {k.Lost} lost, {k.Duplicates} duplicated, {k.Failed} refused"));
                    problems.Add($"{scenario} {series.Stack} {step.Rate:0.#} msg/s{(series.IsWarmup(step) ? " (warm-up)" : "")}: {string.Join(", ", figures)}{kinds}");
                }
            }
        }

        foreach (var idle in r.Idle.Where(i => i.ConnectFailed > 0 || i.Closed > 0 || i.Connected < i.Requested))
        {
            problems.Add($"idle {idle.Stack}: {idle.Connected} of {idle.Requested} connected, {idle.ConnectFailed} failed, {idle.Closed} closed");
        }

        foreach (var offline in r.Offline.Where(o => o.SendFailed > 0 || o.Received != o.Messages))
        {
            problems.Add($"offline {offline.Stack}: {offline.SendFailed} sends refused, {offline.Received} of {offline.Messages} synced");
        }

        foreach (var f in r.Failover)
        {
            var figures = new[] { ("lost", f.Lost), ("shown twice", f.ShownTwice), ("order inversions", f.Inversions), ("clients never back", f.Stuck) }
                .Where(x => x.Item2 > 0).Select(x => $"{x.Item2} {x.Item1}").ToList();
            if (f.Victims == 0)
            {
                figures.Add("no client was on the killed node");
            }

            if (figures.Count > 0)
            {
                problems.Add($"failover {f.Stack}: {string.Join(", ", figures)}");
            }
        }

        foreach (var login in r.Login.Where(l => l.Failures > 0))
        {
            problems.Add($"login {login.Stack}: {login.Failures} of {login.Users} failed");
        }

        return problems;
    }
}
