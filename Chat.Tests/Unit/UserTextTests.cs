using Chat.Server;

namespace Chat.Tests.Unit;

public sealed class UserTextTests
{
    [Theory]
    [InlineData("\u200B\u200B\u200B")]
    [InlineData("\u200D\u2060\uFEFF")]
    [InlineData(" \u00AD \u200E\u200F ")]
    [InlineData("\u3164\u3164")]
    [InlineData("\uFE0F")]
    [InlineData("\u2800")]
    public void TextThatShowsNothingIsEmpty(string text)
    {
        Assert.Contains("empty", UserText.Problem(text, "message text", 4000, UserText.Kind.Running, out _));
    }

    [Theory]
    [InlineData("nul\0inside")]
    [InlineData("bell\u0007")]
    [InlineData("escape\u001B[31m")]
    [InlineData("del\u007F")]
    public void ControlCharactersAreRefused(string text)
    {
        Assert.Contains("control character", UserText.Problem(text, "message text", 4000, UserText.Kind.Running, out _));
    }

    [Fact]
    public void RunningTextKeepsLineBreaksAndTabsAndNamesDoNot()
    {
        var message = UserText.Problem("two\nlines\tand a tab\r\n", "message text", 4000, UserText.Kind.Running, out var clean);
        var name = UserText.Problem("two\nlines", "group name", 64, UserText.Kind.Name, out _);

        Assert.Null(message);
        Assert.Equal("two\nlines\tand a tab", clean);
        Assert.Contains("control character", name);
    }

    [Theory]
    [InlineData("gnp\u202E.exe")]
    [InlineData("\u202Aembedded")]
    [InlineData("isolated\u2066x\u2069")]
    public void NamesRefuseDirectionOverridesThatRunningTextMayCarry(string text)
    {
        Assert.Contains("direction", UserText.Problem(text, "group name", 64, UserText.Kind.Name, out _));
        Assert.Null(UserText.Problem(text, "message text", 4000, UserText.Kind.Running, out _));
    }

    [Fact]
    public void TextIsStoredInOneNormalForm()
    {
        UserText.Problem("  cafe\u0301  ", "group name", 64, UserText.Kind.Name, out var clean);

        Assert.Equal("caf\u00E9", clean);
    }

    [Fact]
    public void ALoneSurrogateIsNotText()
    {
        Assert.Contains("not valid", UserText.Problem("broken \uD83D here", "message text", 4000, UserText.Kind.Running, out _));
        Assert.Null(UserText.Problem("emoji \uD83D\uDE00 and a family \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67", "message text", 4000, UserText.Kind.Running, out _));
    }
}
