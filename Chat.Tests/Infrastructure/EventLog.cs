namespace Chat.Tests.Infrastructure;

/// <summary>Events a client received, in order, with a way to wait for them without sleeping.</summary>
public sealed class EventLog<T>
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    private readonly List<T> _items = [];
    private readonly Lock _lock = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<T> Items
    {
        get
        {
            lock (_lock)
            {
                return [.. _items];
            }
        }
    }

    public void Add(T item)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            _items.Add(item);
            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.SetResult();
    }

    /// <summary>The first event, already received or still to come, that matches.</summary>
    public async Task<T> WaitAsync(Func<T, bool> match, TimeSpan? timeout = null) =>
        (await WaitForCountAsync(1, match, timeout))[0];

    /// <summary>Waits until at least <paramref name="count"/> events match; returns those that do.</summary>
    public async Task<IReadOnlyList<T>> WaitForCountAsync(int count, Func<T, bool>? match = null, TimeSpan? timeout = null)
    {
        match ??= _ => true;
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            Task changed;
            List<T> seen;
            lock (_lock)
            {
                seen = _items.Where(match).ToList();
                changed = _changed.Task;
            }

            if (seen.Count >= count)
            {
                return seen;
            }

            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException($"Expected {count} matching {typeof(T).Name} events, saw {seen.Count}.");
            }

            try
            {
                await changed.WaitAsync(remaining);
            }
            catch (TimeoutException)
            {
                // Checked once more at the top of the loop, then reported with the count.
            }
        }
    }
}
