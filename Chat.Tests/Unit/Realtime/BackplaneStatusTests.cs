using Chat.Server.Realtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chat.Tests.Unit.Realtime;

public sealed class BackplaneStatusTests
{
    private readonly BackplaneStatus _status = new(TimeProvider.System, NullLogger<BackplaneStatus>.Instance);

    [Fact]
    public void ARecoveryCountsOnlyIfNothingFailedWhileItRan()
    {
        _status.Failed("connection lost");
        var broken = _status.Broken()!.Value;
        _status.Failed("a push could not be published");

        var recoveredTooEarly = _status.Recovered(broken.Failures);
        var stillBrokenSince = _status.Broken()!.Value.Since;
        var recovered = _status.Recovered(_status.Broken()!.Value.Failures);

        Assert.False(recoveredTooEarly);
        Assert.Equal(broken.Since, stillBrokenSince);
        Assert.True(recovered);
        Assert.True(_status.Delivering);
        Assert.Null(_status.Broken());
    }

    [Fact]
    public void OutagesAndRecoveriesCountChangesOfStateNotEveryFailure()
    {
        _status.Failed("connection lost");
        _status.Failed("a push could not be published");
        var failures = _status.Broken()!.Value.Failures;
        _status.Recovered(failures);
        _status.Recovered(failures);
        _status.Failed("connection lost again");

        Assert.Equal((2L, 1L), (_status.Outages, _status.Recoveries));
    }

    [Fact]
    public async Task AFailureWakesTheMonitorAndKeepsTheFirstFailuresTime()
    {
        _status.Failed("one");
        var since = _status.Broken()!.Value.Since;
        _status.Failed("two");

        var woken = await _status.WaitAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(woken);
        Assert.False(_status.Delivering);
        Assert.Equal(since, _status.Broken()!.Value.Since);
    }
}
