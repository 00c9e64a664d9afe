// The load generator of bench/run.sh: drives the product cluster and the baseline relay, each behind
// its own nginx, with the same load through the contract in ../shared/PROTOCOL.md, and writes
// results.json and BENCHMARKS.md. Run bench/run.sh rather than this directly: it starts the stacks.
using Chat.Bench;
using Chat.Bench.Setup;

if (args is ["--render", var json, var markdown, .. var rest])
{
    Chat.Bench.Report.ReportWriter.Render(json, markdown, rest.FirstOrDefault());
    return 0;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (BenchException e)
{
    if (e.Message.Length > 0)
    {
        Console.Error.WriteLine($"bench: {e.Message}");
    }

    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

// Bounded whatever the servers do: a hung stack ends the run instead of holding up CI.
using var cancel = new CancellationTokenSource(options.TimeLimit);
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

try
{
    return await BenchRun.RunAsync(options, cancel.Token);
}
catch (BenchException e)
{
    Console.Error.WriteLine($"bench: {e.Message}");
    return 1;
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Console.Error.WriteLine($"bench: stopped (interrupted, or past the {options.TimeLimit.TotalMinutes:0}-minute limit)");
    return 1;
}
