using Chat.Bench.Metrics;
using Chat.Bench.Report;
using Chat.Bench.Setup;

namespace Chat.Bench.Scenarios;

/// <summary>Registered users all signing in at the same moment (password hashing is slow on purpose).</summary>
internal sealed class LoginScenario(BenchOptions options, ProcessSampler sampler)
{
    public async Task<LoginResult> RunAsync(Stack stack, CancellationToken ct)
    {
        var users = stack.Users.Take(options.LoginUsers).ToArray();
        var latency = new LatencyHistogram();
        var failures = 0;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var logins = users.Select(async user =>
        {
            await gate.Task;
            var (login, _, took) = await stack.Api.TryLoginAsync(user.Name, ct);
            latency.Record((long)(took.TotalMilliseconds * 1000));
            if (login is null)
            {
                Interlocked.Increment(ref failures);
            }
        }).ToArray();

        Console.WriteLine($"login {stack.Name}: {users.Length} users log in at once");
        var window = sampler.Begin();
        var started = Clock.Now;
        gate.SetResult();
        using (new Progress(() => $"login {stack.Name}: {latency.Count}/{users.Length} answered"))
        {
            await Task.WhenAll(logins);
        }

        var wallMs = Clock.Seconds(Clock.Now - started) * 1000;
        var result = new LoginResult(stack.Name, users.Length, failures, Math.Round(wallMs, 1), latency.Summary(), window.End());
        Console.WriteLine($"  login {stack.Name}: failures={failures} p50={result.LatencyMs.P50} p99={result.LatencyMs.P99} max={result.LatencyMs.Max} ms, all in {wallMs:0} ms");
        return result;
    }
}
