using Chat.Server.Accounts;

namespace Chat.Tests.Unit.Accounts;

public sealed class PasswordGateTests
{
    [Fact]
    public async Task NoMoreThanItsSlotsRunAtOnceAndTheRestRunAsSlotsFree()
    {
        var gate = new PasswordGate(2);
        var release = new TaskCompletionSource();
        var running = 0;
        var most = 0;
        var started = new[] { new TaskCompletionSource(), new TaskCompletionSource(), new TaskCompletionSource() };

        var works = started.Select((signal, i) => gate.RunAsync(async () =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            signal.SetResult();
            await release.Task;
            Interlocked.Decrement(ref running);
            return i;
        })).ToArray();
        await Task.WhenAny(Task.WhenAll(started[0].Task, started[1].Task), Task.Delay(TimeSpan.FromSeconds(10)));
        var thirdWaited = !started[2].Task.IsCompleted;
        release.SetResult();

        var results = await Task.WhenAll(works).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([0, 1, 2], results);
        Assert.True(thirdWaited, "a third hashing ran while two held the gate");
        Assert.Equal(2, most);
    }

    [Fact]
    public async Task AFailingWorkGivesItsSlotBack()
    {
        var gate = new PasswordGate(1);

        await Assert.ThrowsAsync<InvalidOperationException>(() => gate.RunAsync<int>(() => throw new InvalidOperationException("hash failed")));

        Assert.Equal(7, await gate.RunAsync(() => Task.FromResult(7)).WaitAsync(TimeSpan.FromSeconds(10)));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
