using Chat.Cli;
using Chat.Cli.Session;

namespace Chat.Tests.Unit.Cli;

public sealed class LedgerTests
{
    private static ChatMessage Message(long id) =>
        new(id, "direct", 2, "bob", 1, null, $"message {id}", DateTimeOffset.UnixEpoch, $"c{id}");

    [Fact]
    public void AMessageIsShownTheFirstTimeItsIdComesByOnly()
    {
        var ledger = new Ledger();

        Assert.True(ledger.FirstSight(Message(5)));
        Assert.False(ledger.FirstSight(Message(5)));
        Assert.True(ledger.FirstSight(Message(3)));
        Assert.Equal(5, ledger.LastId);
    }

    [Fact]
    public void HistoryMovesTheCursorWithoutHidingTheMessage()
    {
        var ledger = new Ledger();

        ledger.Advance(9);

        Assert.Equal(9, ledger.LastId);
        Assert.True(ledger.FirstSight(Message(9)));
        ledger.Advance(4);
        Assert.Equal(9, ledger.LastId);
    }
}
