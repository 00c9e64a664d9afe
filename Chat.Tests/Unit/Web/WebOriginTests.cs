using Chat.Server.Web;

namespace Chat.Tests.Unit.Web;

public sealed class WebOriginTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5000", "http://127.0.0.1:5000")]
    [InlineData("http://127.0.0.1:80", "http://127.0.0.1")]
    [InlineData("HTTPS://Chat.EXAMPLE:443", "https://chat.example")]
    [InlineData("https://chat.example:8443/", "https://chat.example:8443")]
    [InlineData("http://[::1]:5000", "http://[::1]:5000")]
    [InlineData("https://bücher.example", "https://xn--bcher-kva.example")]
    public void OriginsAreComparedAsSchemeHostAndPort(string origin, string normalised)
    {
        Assert.Equal(normalised, WebOrigin.Normalise(origin));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("*")]
    [InlineData("chat.example")]
    [InlineData("https://chat.example/page")]
    [InlineData("https://chat.example?x=1")]
    [InlineData("https://user@chat.example")]
    [InlineData("ws://chat.example")]
    [InlineData("file:///etc/passwd")]
    public void AnythingElseIsNoOrigin(string origin)
    {
        Assert.Null(WebOrigin.Normalise(origin));
    }
}
