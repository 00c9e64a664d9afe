using System.Net;
using Chat.Tests.Infrastructure;
using Chat.Tests.Infrastructure.Cluster;

namespace Chat.Tests.Integration.Observability;

/// <summary>The repository's nginx/chat.conf in front of a node: /metrics is the node's, not the public's.</summary>
[Trait("Database", "Sqlite")]
public sealed class MetricsEntryTests(SqliteChatApp app) : IClassFixture<SqliteChatApp>
{
    [Theory]
    [InlineData("/metrics")]
    [InlineData("/metrics/")]
    [InlineData("/METRICS")]
    [InlineData("/%6Detrics")]
    [InlineData("//metrics")]
    public async Task TheEntryAnswersNotFoundForMetricsWhileTheNodeServesThem(string path)
    {
        await using var nginx = await NginxServer.StartAsync([app.BaseAddress.Port]);
        using var entry = new HttpClient { BaseAddress = nginx.Uri };
        using var node = app.CreateHttpClient();

        // Written out whole: as a relative URI, "//metrics" would name a host.
        using var throughEntry = await entry.GetAsync(nginx.Uri.GetLeftPart(UriPartial.Authority) + path);
        using var direct = await node.GetAsync("/metrics");
        using var health = await entry.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.NotFound, throughEntry.StatusCode);
        Assert.DoesNotContain("chat_", await throughEntry.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, direct.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
