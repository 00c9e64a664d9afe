using Chat.Server.Data;

namespace Chat.Tests.Unit.Data;

public sealed class LikeTests
{
    [Theory]
    [InlineData("abc", "abc")]
    [InlineData("a%b", "a\\%b")]
    [InlineData("a_b", "a\\_b")]
    [InlineData("a\\b", "a\\\\b")]
    [InlineData("' OR 1=1 --", "' OR 1=1 --")]
    public void WildcardsAndTheEscapeCharacterAreEscaped(string text, string pattern)
    {
        Assert.Equal(pattern, Like.Escape(text));
    }
}
