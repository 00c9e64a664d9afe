using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;

namespace Chat.Server.Accounts;

/// <summary>Holds password guessing back without letting anyone lock an owner out (a lockout would).
/// Failures are counted per name and client address: after a few, each further attempt from that address
/// for that name must wait, and the wait doubles with every attempt, up to a cap. Per name, across all
/// addresses, a much higher limit per window stops a spread-out attack; one address held to its waits
/// cannot reach it. Names count whether or not an account has them, so no answer tells which exist.
/// Kept in memory, per node, and bounded: entries are forgotten once quiet, the oldest first when full.</summary>
internal sealed class LoginThrottle(IOptions<AccountOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<(string Name, string Address), Pair> _pairs = new();
    private readonly ConcurrentDictionary<string, Account> _accounts = new();
    private long _nextSweep;

    private AccountOptions Options => options.Value;

    private long Window => TimeSpan.FromMinutes(Options.FailedLoginWindowMinutes).Ticks;

    public int Tracked => _pairs.Count + _accounts.Count;

    /// <summary>Takes an attempt at the (normalized) name from the address: null when it may go ahead
    /// (counted as failed until <see cref="Succeeded"/> says otherwise, so parallel guesses count too),
    /// otherwise how long to wait. An attempt refused for its address lengthens that address's wait.</summary>
    public TimeSpan? TryBegin(string name, IPAddress? address)
    {
        var now = clock.GetUtcNow().UtcTicks;
        SweepIfDue(now);
        var key = LoginKeys.Name(name);
        var pair = _pairs.GetOrAdd((key, LoginKeys.Address(address)), _ => new Pair());
        var account = _accounts.GetOrAdd(key, _ => new Account());
        lock (pair)
        {
            if (pair.IsQuiet(now, Window))
            {
                pair.Strikes = 0;
            }

            pair.LastSeen = now;
            if (now < pair.NextAllowed)
            {
                pair.NextAllowed = now + Delay(++pair.Strikes);
                return TimeSpan.FromTicks(pair.NextAllowed - now);
            }

            lock (account)
            {
                if (now >= account.WindowStart + Window)
                {
                    (account.WindowStart, account.Failures) = (now, 0);
                }

                if (account.Failures >= Options.FailedLoginsPerAccount)
                {
                    return TimeSpan.FromTicks(account.WindowStart + Window - now);
                }

                account.Failures++;
            }

            if (++pair.Strikes >= Options.FailedLoginsBeforeDelay)
            {
                pair.NextAllowed = now + Delay(pair.Strikes);
            }

            return null;
        }
    }

    /// <summary>The password was wrong: the address's wait, if it has one now, starts from here, after the
    /// slow check, so that it is never over before the answer arrives.</summary>
    public void Failed(string name, IPAddress? address)
    {
        if (_pairs.TryGetValue((LoginKeys.Name(name), LoginKeys.Address(address)), out var pair))
        {
            lock (pair)
            {
                if (pair.Strikes >= Options.FailedLoginsBeforeDelay)
                {
                    pair.NextAllowed = Math.Max(pair.NextAllowed, clock.GetUtcNow().UtcTicks + Delay(pair.Strikes));
                }
            }
        }
    }

    /// <summary>The password was right: the address's failures for the name are forgotten, and the attempt is not counted against the name.</summary>
    public void Succeeded(string name, IPAddress? address)
    {
        var key = LoginKeys.Name(name);
        _pairs.TryRemove((key, LoginKeys.Address(address)), out _);
        if (_accounts.TryGetValue(key, out var account))
        {
            lock (account)
            {
                account.Failures = Math.Max(0, account.Failures - 1);
            }
        }
    }

    private long Delay(int strikes)
    {
        var doublings = Math.Min(strikes - Options.FailedLoginsBeforeDelay, 30);
        return TimeSpan.FromSeconds(Math.Min(Options.FailedLoginMaxDelaySeconds, Options.FailedLoginDelaySeconds * Math.Pow(2, doublings))).Ticks;
    }

    /// <summary>At most once a minute, or at once when full: quiet entries go, then the oldest beyond the bound.</summary>
    private void SweepIfDue(long now)
    {
        var due = Interlocked.Read(ref _nextSweep);
        var full = _pairs.Count > Options.FailedLoginEntries || _accounts.Count > Options.FailedLoginEntries;
        if ((now < due && !full) || Interlocked.CompareExchange(ref _nextSweep, now + TimeSpan.TicksPerMinute, due) != due)
        {
            return;
        }

        foreach (var (key, pair) in _pairs.Where(p => p.Value.IsQuiet(now, Window)))
        {
            _pairs.TryRemove(key, out _);
        }

        foreach (var (key, _) in _accounts.Where(a => now >= a.Value.WindowStart + Window))
        {
            _accounts.TryRemove(key, out _);
        }

        Trim(_pairs, p => p.LastSeen);
        Trim(_accounts, a => a.WindowStart);
    }

    private void Trim<TKey, TEntry>(ConcurrentDictionary<TKey, TEntry> entries, Func<TEntry, long> age)
        where TKey : notnull
    {
        var excess = entries.Count - (Options.FailedLoginEntries * 9L / 10);
        if (entries.Count <= Options.FailedLoginEntries || excess <= 0)
        {
            return;
        }

        foreach (var key in entries.OrderBy(e => age(e.Value)).Take((int)excess).Select(e => e.Key).ToList())
        {
            entries.TryRemove(key, out _);
        }
    }

    private sealed class Pair
    {
        public int Strikes;
        public long NextAllowed;
        public long LastSeen;

        public bool IsQuiet(long now, long window) => now >= NextAllowed && now - LastSeen >= window;
    }

    private sealed class Account
    {
        public int Failures;
        public long WindowStart;
    }
}
