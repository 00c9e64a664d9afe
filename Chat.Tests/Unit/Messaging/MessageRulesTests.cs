using Chat.Server.Messaging;

namespace Chat.Tests.Unit.Messaging;

public sealed class MessageRulesTests
{
    [Theory]
    [InlineData(1, 2)]
    [InlineData(7, 7000)]
    [InlineData(int.MaxValue - 1, int.MaxValue)]
    public void PairKeyIsTheSameFromBothSides(int a, int b)
    {
        Assert.Equal(Message.PairKeyOf(a, b), Message.PairKeyOf(b, a));
    }

    [Fact]
    public void PairKeysOfDifferentPairsDiffer()
    {
        var keys = new[] { (1, 2), (1, 3), (2, 3), (2, 1 << 30), (1 << 30, 3) }.Select(p => Message.PairKeyOf(p.Item1, p.Item2));

        Assert.Equal(5, keys.Distinct().Count());
    }

    [Theory]
    [InlineData(null, "c1", "empty")]
    [InlineData("", "c1", "empty")]
    [InlineData("   \n\t", "c1", "empty")]
    [InlineData("hello", "", "clientMessageId")]
    [InlineData("hello", null, "clientMessageId")]
    public void BadTextOrClientIdIsRefusedWithAReason(string? text, string? clientMessageId, string reason)
    {
        Assert.Contains(reason, MessageText.Problem(text, clientMessageId, out _));
    }

    [Fact]
    public void TextIsMeasuredAfterTrimming()
    {
        var justFits = "  " + new string('x', Message.TextMaxLength) + "  ";
        var tooLong = new string('x', Message.TextMaxLength + 1);

        Assert.Null(MessageText.Problem(justFits, "c1", out _));
        Assert.Contains("longer than 4000", MessageText.Problem(tooLong, "c1", out _));
        Assert.Contains("clientMessageId", MessageText.Problem("ok", new string('c', 65), out _));
        Assert.Null(MessageText.Problem("ok", new string('c', 64), out _));
    }
}
