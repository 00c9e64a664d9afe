using System.Net;
using Chat.Server.Accounts;
using Microsoft.Extensions.Options;

namespace Chat.Tests.Unit.Accounts;

public sealed class LoginThrottleTests
{
    private static readonly IPAddress Attacker = IPAddress.Parse("198.51.100.1");
    private static readonly IPAddress Owner = IPAddress.Parse("203.0.113.9");

    private readonly ManualClock _clock = new();
    private readonly AccountOptions _options = new();

    private LoginThrottle Throttle() => new(Options.Create(_options), _clock);

    [Fact]
    public void AfterTheFreeFailuresEachAttemptWaitsTwiceAsLongUpToTheCap()
    {
        _options.FailedLoginMaxDelaySeconds = 60;
        var throttle = Throttle();

        var waits = Enumerable.Range(0, 12).Select(_ => throttle.TryBegin("VICTIM", Attacker)?.TotalSeconds).ToList();

        Assert.Equal([null, null, null, 2, 4, 8, 16, 32, 60, 60, 60, 60], waits);
    }

    [Fact]
    public void WaitingOutTheDelayAllowsOneMoreAttemptAndAFailureThereDoublesTheNextWait()
    {
        var throttle = Throttle();
        for (var i = 0; i < 3; i++)
        {
            throttle.TryBegin("VICTIM", Attacker);
        }

        _clock.Advance(TimeSpan.FromSeconds(1));
        var afterWaiting = throttle.TryBegin("VICTIM", Attacker);
        var next = throttle.TryBegin("VICTIM", Attacker);

        Assert.Null(afterWaiting);
        Assert.Equal(TimeSpan.FromSeconds(4), next);
    }

    [Fact]
    public void TheWaitStartsWhenTheSlowCheckHasFailedNotWhenTheAttemptBegan()
    {
        var throttle = Throttle();
        for (var i = 0; i < 3; i++)
        {
            throttle.TryBegin("VICTIM", Attacker);
        }

        _clock.Advance(TimeSpan.FromSeconds(0.9));
        throttle.Failed("VICTIM", Attacker);
        _clock.Advance(TimeSpan.FromSeconds(0.5));

        Assert.NotNull(throttle.TryBegin("VICTIM", Attacker));
    }

    [Fact]
    public void OneAddressFailingNeverHoldsBackAnotherAndASuccessForgetsItsFailures()
    {
        var throttle = Throttle();
        for (var i = 0; i < 50; i++)
        {
            throttle.TryBegin("VICTIM", Attacker);
        }

        var owner = throttle.TryBegin("VICTIM", Owner);
        throttle.Succeeded("VICTIM", Owner);
        var ownerAgain = Enumerable.Range(0, 3).Select(_ => throttle.TryBegin("VICTIM", Owner)).ToList();

        Assert.Null(owner);
        Assert.All(ownerAgain, Assert.Null);
        Assert.NotNull(throttle.TryBegin("VICTIM", Attacker));
    }

    [Fact]
    public void TheAccountLimitCountsFailuresFromAllAddressesUntilItsWindowEnds()
    {
        _options.FailedLoginsPerAccount = 10;
        var throttle = Throttle();
        var allowed = 0;
        for (var i = 0; i < 20; i++)
        {
            allowed += throttle.TryBegin("VICTIM", IPAddress.Parse($"198.51.100.{i + 10}")) is null ? 1 : 0;
        }

        var refused = throttle.TryBegin("VICTIM", Owner);
        var otherName = throttle.TryBegin("SOMEONE", Owner);
        _clock.Advance(TimeSpan.FromMinutes(_options.FailedLoginWindowMinutes));
        var afterTheWindow = throttle.TryBegin("VICTIM", Owner);

        Assert.Equal(10, allowed);
        Assert.Equal(TimeSpan.FromMinutes(_options.FailedLoginWindowMinutes), refused);
        Assert.Null(otherName);
        Assert.Null(afterTheWindow);
    }

    [Fact]
    public void AddressesOfOneIpv6Slash64CountAsOne()
    {
        var throttle = Throttle();

        var waits = Enumerable.Range(1, 4).Select(i => throttle.TryBegin("VICTIM", IPAddress.Parse($"2001:db8:1:2::{i:x}"))).ToList();
        var otherNetwork = throttle.TryBegin("VICTIM", IPAddress.Parse("2001:db8:1:3::1"));

        Assert.NotNull(waits[3]);
        Assert.Null(otherNetwork);
    }

    [Fact]
    public void QuietEntriesAreForgottenAndTheTrackedCountStaysBounded()
    {
        _options.FailedLoginEntries = 100;
        var throttle = Throttle();

        for (var i = 0; i < 1000; i++)
        {
            throttle.TryBegin($"NAME{i}", Attacker);
        }

        var whileBusy = throttle.Tracked;
        _clock.Advance(TimeSpan.FromMinutes(_options.FailedLoginWindowMinutes + 1));
        throttle.TryBegin("LAST", Attacker);

        Assert.InRange(whileBusy, 1, 2 * (_options.FailedLoginEntries + 1));
        Assert.Equal(2, throttle.Tracked);
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public void Advance(TimeSpan by) => _now += by;

        public override DateTimeOffset GetUtcNow() => _now;
    }
}
