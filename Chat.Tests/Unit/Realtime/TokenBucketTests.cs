using Chat.Server.Realtime;

namespace Chat.Tests.Unit.Realtime;

public sealed class TokenBucketTests
{
    private sealed class ManualClock : TimeProvider
    {
        public long Ticks { get; set; }

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Ticks;
    }

    [Fact]
    public void ABurstIsAllowedThenTheRate()
    {
        var clock = new ManualClock();
        var bucket = new TokenBucket(capacity: 3, perSecond: 2, clock);

        var burst = Enumerable.Range(0, 4).Select(_ => bucket.TryTake()).ToList();
        clock.Ticks += TimeSpan.TicksPerSecond / 2;
        var afterHalfASecond = (bucket.TryTake(), bucket.TryTake());

        Assert.Equal([true, true, true, false], burst);
        Assert.Equal((true, false), afterHalfASecond);
    }

    [Fact]
    public void AnIdleBucketRefillsOnlyToItsCapacity()
    {
        var clock = new ManualClock();
        var bucket = new TokenBucket(capacity: 2, perSecond: 10, clock);
        bucket.TryTake();
        bucket.TryTake();

        clock.Ticks += TimeSpan.TicksPerHour;

        Assert.Equal([true, true, false], Enumerable.Range(0, 3).Select(_ => bucket.TryTake()));
    }
}
