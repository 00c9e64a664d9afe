using Chat.Server.Realtime;
using Microsoft.Extensions.Options;

namespace Chat.Tests.Unit.Realtime;

public sealed class UserBudgetsTests
{
    private sealed class ManualClock : TimeProvider
    {
        public long Ticks { get; set; }

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Ticks;
    }

    private readonly ManualClock _clock = new();

    private UserBudgets Budgets() => new(Options.Create(new HubLimitOptions { MessageBurst = 3, MessagesPerSecond = 1, TypingIntervalSeconds = 2 }), _clock);

    [Fact]
    public async Task SendsAreCountedPerUserNotPerCaller()
    {
        var budgets = Budgets();

        var alice = new List<bool>();
        for (var i = 0; i < 4; i++)
        {
            alice.Add(await budgets.TrySendAsync(1));
        }

        var bob = await budgets.TrySendAsync(2);

        Assert.Equal([true, true, true, false], alice);
        Assert.True(bob);
    }

    [Fact]
    public async Task OneTypingPerUserAndConversationPerInterval()
    {
        var budgets = Budgets();

        var first = await budgets.TryTypingAsync(1, 2, null);
        var again = await budgets.TryTypingAsync(1, 2, null);
        var otherConversation = await budgets.TryTypingAsync(1, null, 7);
        _clock.Ticks += TimeSpan.FromSeconds(1.9).Ticks;
        var tooSoon = await budgets.TryTypingAsync(1, 2, null);
        _clock.Ticks += TimeSpan.FromSeconds(0.1).Ticks;
        var later = await budgets.TryTypingAsync(1, 2, null);

        Assert.Equal((true, false, true, false, true), (first, again, otherConversation, tooSoon, later));
    }

    [Fact]
    public async Task TheSweepForgetsOnlyWhatNoLongerLimits()
    {
        var budgets = Budgets();
        for (var i = 0; i < 3; i++)
        {
            await budgets.TrySendAsync(1);
        }

        await budgets.TryTypingAsync(1, 2, null);
        _clock.Ticks += TimeSpan.FromSeconds(1).Ticks;
        budgets.Sweep();
        var keptBoth = (await budgets.TrySendAsync(1), await budgets.TrySendAsync(1), await budgets.TryTypingAsync(1, 2, null));

        Assert.Equal((true, false, false), keptBoth);
    }
}
