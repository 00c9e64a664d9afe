namespace Chat.Cli.Realtime;

/// <summary>The reconnect policy of every client we ship (Chat.Web/src/state/backoff.ts): the first attempt at
/// once, since a dropped socket usually means one node went away and the entry sends the retry to another;
/// then "full jitter", a random wait in [0, min(10 s, 1 s * 2^retry)), so clients do not come back in step.</summary>
internal static class Backoff
{
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(1);

    public static TimeSpan Delay(int retry, Func<double>? random = null)
    {
        if (retry == 0)
        {
            return TimeSpan.Zero;
        }

        var ceiling = Math.Min(Cap.TotalMilliseconds, Base.TotalMilliseconds * Math.Pow(2, Math.Min(retry, 30)));
        return TimeSpan.FromMilliseconds(Math.Floor((random ?? Random.Shared.NextDouble)() * ceiling));
    }
}
