using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Chat.Tests.Infrastructure;

namespace Chat.Tests.Integration.Web;

/// <summary>How the chat page is cached and compressed: a deploy must never leave a browser on a stale page.</summary>
[Trait("Database", "Sqlite")]
public sealed partial class PageAssetTests(SqliteChatApp app) : IClassFixture<SqliteChatApp>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/index.html")]
    public async Task PageIsRevalidatedOnEveryLoad(string route)
    {
        using var http = app.CreateHttpClient();

        var response = await http.GetAsync(route);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoCache, $"Cache-Control: {response.Headers.CacheControl}");
        Assert.NotNull(response.Headers.ETag);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/index.html")]
    public async Task PageThatHasNotChangedIsNotSentAgain(string route)
    {
        using var http = app.CreateHttpClient();
        var first = await http.GetAsync(route);
        using var revalidation = new HttpRequestMessage(HttpMethod.Get, route);
        revalidation.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        var response = await http.SendAsync(revalidation);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Equal(first.Headers.ETag, response.Headers.ETag);
    }

    [Fact]
    public async Task HashedAssetsThePageNamesAreImmutableForAYear()
    {
        using var http = app.CreateHttpClient();
        var assets = await AssetsOfThePageAsync(http);

        var responses = await Task.WhenAll(assets.Select(asset => http.GetAsync(asset)));

        Assert.Contains(assets, a => a.EndsWith(".js", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.EndsWith(".css", StringComparison.Ordinal));
        Assert.All(responses, response =>
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(TimeSpan.FromDays(365), response.Headers.CacheControl?.MaxAge);
            Assert.Contains("immutable", response.Headers.CacheControl!.Extensions.Select(e => e.Name));
            Assert.NotNull(response.Headers.ETag);
        });
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task PageAndAssetsComePrecompressedAsTheSameBytes(string encoding)
    {
        using var http = app.CreateHttpClient();
        string[] routes = ["/", .. await AssetsOfThePageAsync(http)];

        foreach (var route in routes)
        {
            var identity = await http.GetByteArrayAsync(route);
            using var request = new HttpRequestMessage(HttpMethod.Get, route);
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));

            var response = await http.SendAsync(request);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
            Assert.Contains("Accept-Encoding", response.Headers.Vary);
            var encoded = await response.Content.ReadAsByteArrayAsync();
            Assert.True(encoded.Length < identity.Length, $"{route}: {encoded.Length} bytes {encoding}, {identity.Length} plain");
            Assert.Equal(identity, Decode(encoded, encoding));
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("br")]
    public async Task PageAndAssetsCarryTheSecurityHeaders(string? encoding)
    {
        using var http = app.CreateHttpClient();
        string[] routes = ["/", .. await AssetsOfThePageAsync(http)];

        foreach (var route in routes)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, route);
            if (encoding is not null)
            {
                request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
            }

            var response = await http.SendAsync(request);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
            Assert.Equal(["DENY"], response.Headers.GetValues("X-Frame-Options"));
            var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
            Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/assets/index.js")]
    [InlineData("/assets/index-00000000.js")]
    public async Task AssetThePageDoesNotNameIsANotFoundProblem(string route)
    {
        using var http = app.CreateHttpClient();

        var response = await http.GetAsync(route);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<string[]> AssetsOfThePageAsync(HttpClient http)
    {
        var page = await http.GetStringAsync("/");
        var assets = AssetReference().Matches(page).Select(m => m.Groups[1].Value).Distinct().ToArray();
        Assert.NotEmpty(assets);
        return assets;
    }

    private static byte[] Decode(byte[] encoded, string encoding)
    {
        using var input = new MemoryStream(encoded);
        using Stream decoder = encoding == "br"
            ? new BrotliStream(input, CompressionMode.Decompress)
            : new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        decoder.CopyTo(output);
        return output.ToArray();
    }

    [GeneratedRegex("(?:src|href)=\"(/assets/[^\"]+)\"")]
    private static partial Regex AssetReference();
}
