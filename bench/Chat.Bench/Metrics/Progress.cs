namespace Chat.Bench.Metrics;

/// <summary>Prints a line a second while a scenario runs, so a stuck or saturated run shows itself.</summary>
internal sealed class Progress(Func<string> describe) : IDisposable
{
    private readonly Timer _timer = new(_ => Console.WriteLine($"  .. {describe()}"), null, 1000, 1000);

    public void Dispose() => _timer.Dispose();
}
