using System.Security.Cryptography;
using Chat.Bench.Metrics;
using Chat.Bench.Report;
using Chat.Bench.Scenarios;
using Chat.Bench.Setup;

namespace Chat.Bench;

/// <summary>Sets up users on each stack, then runs every scenario on the relay and then the product,
/// one stack at a time, saving the results after each scenario.</summary>
internal static class BenchRun
{
    public static async Task<int> RunAsync(BenchOptions options, CancellationToken ct)
    {
        // Unique names per run, so a rerun against a cluster that was kept never collides.
        var prefix = $"b{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
        using var sampler = new ProcessSampler([.. options.Processes, new WatchedProcess(WatchedProcess.GeneratorStack, "generator", Environment.ProcessId)]);
        var report = new ReportWriter(options);
        var stacks = new List<Stack>();
        try
        {
            if (options.Relay is { } relay)
            {
                stacks.Add(await SetUpAsync(Stack.Relay, relay, $"{prefix}r", options, ct));
            }

            stacks.Add(await SetUpAsync(Stack.Product, options.Product, $"{prefix}p", options, ct));
            report.Stacks = [.. stacks.Select(s => s.Name)];

            if (options.Scenarios.Contains("login"))
            {
                foreach (var stack in stacks)
                {
                    await Quiet.WaitAsync(sampler, ct);
                    report.Login.Add(await new LoginScenario(options, sampler).RunAsync(stack, ct));
                }

                report.Save();
            }

            if (options.Scenarios.Contains("direct"))
            {
                foreach (var stack in stacks)
                {
                    await Quiet.WaitAsync(sampler, ct);
                    report.Direct.Add(await new DirectScenario(options, sampler).RunAsync(stack, ct));
                }

                report.Save();
            }

            // The relay has no groups, no storage and no message changes: these are the product's alone. Mixed runs
            // right after direct, so that its figures compare with direct's under the same conditions.
            var product = stacks.Single(s => s.IsProduct);
            if (options.Scenarios.Contains("mixed"))
            {
                await Quiet.WaitAsync(sampler, ct);
                report.Mixed.Add(await new MixedScenario(options, sampler).RunAsync(product, ct));
                report.Save();
            }

            if (options.Scenarios.Contains("group"))
            {
                await Quiet.WaitAsync(sampler, ct);
                report.Group.Add(await new GroupScenario(options, sampler).RunAsync(product, ct));
                report.Save();
            }

            if (options.Scenarios.Contains("offline"))
            {
                await Quiet.WaitAsync(sampler, ct);
                report.Offline.Add(await new OfflineScenario(options, sampler).RunAsync(product, $"{prefix}p", ct));
                report.Save();
            }

            // After the others: closing 15 000 connections keeps servers and generator busy (and their heaps large) for a
            // while, which once spoilt the relay's direct steps that followed.
            if (options.Scenarios.Contains("idle"))
            {
                foreach (var stack in stacks)
                {
                    await Quiet.WaitAsync(sampler, ct);
                    report.Idle.Add(await new IdleScenario(options, sampler).RunAsync(stack, ct));
                }

                report.Save();
            }

            // Kills a node of the product, which stays dead: nothing may run after it.
            if (options.Scenarios.Contains("failover"))
            {
                await Quiet.WaitAsync(sampler, ct);
                report.Failover.Add(await new FailoverScenario(options, sampler).RunAsync(product, $"{prefix}p", ct));
                report.Save();
            }
        }
        finally
        {
            foreach (var stack in stacks)
            {
                stack.Api.Dispose();
            }
        }

        var results = report.Save();
        Console.WriteLine($"bench: results in {Path.GetFullPath(options.JsonPath)} and {Path.GetFullPath(options.MarkdownPath)}");
        foreach (var target in results.Targets)
        {
            Console.WriteLine($"  target {(target.Met switch { true => "met", false => "NOT met", null => "n/a" })}: {target.Name}: {target.Figure}");
        }

        foreach (var problem in results.Problems)
        {
            Console.WriteLine($"  problem: {problem}");
        }

        // A full run reports what it found; the smoke is a test, and anything lost or refused fails it.
        return options.Smoke && results.Problems.Count > 0 ? 1 : 0;
    }

    private static async Task<Stack> SetUpAsync(string name, Uri entry, string prefix, BenchOptions options, CancellationToken ct)
    {
        var api = new ChatApi(entry);
        if (!await api.HealthyAsync(ct))
        {
            api.Dispose();
            throw new BenchException($"{name} at {entry} does not answer /healthz");
        }

        Console.WriteLine($"{name}: registering and signing in {options.UserPool} users ({prefix}.*)");
        var started = Clock.Now;
        var users = await Users.RegisterAsync(api, prefix, options.UserPool, ct);
        Console.WriteLine($"{name}: {users.Count} users ready in {Clock.Seconds(Clock.Now - started):0.0} s");
        return new Stack(name, api, users);
    }
}
