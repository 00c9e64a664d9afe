namespace Chat.Server.Realtime;

/// <summary>Holds up to <c>capacity</c> tokens, refilled continuously at <c>perSecond</c>.</summary>
internal sealed class TokenBucket(int capacity, double perSecond, TimeProvider clock)
{
    private readonly Lock _lock = new();
    private double _tokens = capacity;
    private long _last = clock.GetTimestamp();

    public bool TryTake()
    {
        lock (_lock)
        {
            var now = clock.GetTimestamp();
            _tokens = Math.Min(capacity, _tokens + clock.GetElapsedTime(_last, now).TotalSeconds * perSecond);
            _last = now;
            if (_tokens < 1)
            {
                return false;
            }

            _tokens -= 1;
            return true;
        }
    }

    /// <summary>Full again by now: forgetting it changes nothing.</summary>
    public bool IsFull()
    {
        lock (_lock)
        {
            return _tokens + clock.GetElapsedTime(_last).TotalSeconds * perSecond >= capacity;
        }
    }
}
