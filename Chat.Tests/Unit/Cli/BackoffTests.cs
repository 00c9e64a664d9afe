using Chat.Cli.Realtime;

namespace Chat.Tests.Unit.Cli;

public sealed class BackoffTests
{
    [Fact]
    public void TheFirstRetryGoesAtOnce()
    {
        Assert.Equal(TimeSpan.Zero, Backoff.Delay(0, () => 0.99));
    }

    [Theory]
    [InlineData(1, 2000)]
    [InlineData(2, 4000)]
    [InlineData(3, 8000)]
    [InlineData(4, 10000)]
    [InlineData(1000, 10000)]
    public void LaterRetriesWaitAtRandomBelowADoublingCeilingCappedAtTenSeconds(int retry, int ceilingMs)
    {
        Assert.Equal(TimeSpan.Zero, Backoff.Delay(retry, () => 0));
        Assert.Equal(TimeSpan.FromMilliseconds(ceilingMs / 2), Backoff.Delay(retry, () => 0.5));
        Assert.True(Backoff.Delay(retry, () => 0.9999) < TimeSpan.FromMilliseconds(ceilingMs));
    }
}
