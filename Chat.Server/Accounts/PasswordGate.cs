namespace Chat.Server.Accounts;

/// <summary>Password hashing is slow on purpose (PBKDF2, 100 000 rounds, tens of milliseconds of CPU):
/// a burst of sign-ins would otherwise take every core and every thread-pool thread, stalling the chat
/// traffic on the same node, which then stays slower on the grown thread pool. At most half the cores
/// hash at once; further sign-ins wait their turn.</summary>
internal sealed class PasswordGate(int slots)
{
    private readonly SemaphoreSlim _slots = new(slots, slots);

    public PasswordGate()
        : this(Math.Max(1, Environment.ProcessorCount / 2))
    {
    }

    public async Task<T> RunAsync<T>(Func<Task<T>> work)
    {
        await _slots.WaitAsync();
        try
        {
            return await work();
        }
        finally
        {
            _slots.Release();
        }
    }
}
