using System.Net;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;

namespace Chat.Tests.Integration.Observability;

/// <summary>GET /metrics on a node. Counts are compared as "moved at least by": the node's own work (sign-ins,
/// connection set-up) moves some of them too.</summary>
[Collection(nameof(TelemetryCollection))]
[Trait("Database", "Sqlite")]
public sealed class MetricsEndpointTests(SqliteChatApp app) : IClassFixture<SqliteChatApp>
{
    [Fact]
    public async Task ProductCountersMoveWhenMessagesAreAcceptedAndRefused()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var bob = await app.ConnectedUserAsync("bob");
        await using var carol = await app.UserAsync("carol");
        await alice.AddFriendAsync(bob.Id);
        var before = await ScrapeAsync();

        var sent = await alice.SendDirectAsync(bob.Id, "counted");
        await bob.Messages.WaitAsync(m => m.Id == sent.Id);
        await Assert.ThrowsAsync<HubException>(() => alice.SendDirectAsync(carol.Id, "not a friend"));
        await Assert.ThrowsAsync<HubException>(() => alice.SendDirectAsync(bob.Id, " "));
        var after = await ScrapeAsync();

        Assert.True(Moved(before, after, "chat_messages_accepted_total", ("kind", "direct")) >= 1, after.Text);
        Assert.True(Moved(before, after, "chat_messages_refused_total", ("kind", "direct"), ("reason", "forbidden")) >= 1, after.Text);
        Assert.True(Moved(before, after, "chat_messages_refused_total", ("kind", "direct"), ("reason", "invalid")) >= 1, after.Text);
        Assert.True(Moved(before, after, "chat_pushes_total", ("kind", "direct"), ("outcome", "sent")) >= 1, after.Text);
        Assert.True(Moved(before, after, "chat_message_store_batch_size_count") >= 1, after.Text);
        Assert.True(Moved(before, after, "chat_message_store_commit_duration_seconds_count") >= 1, after.Text);
        Assert.True(after.Sum("chat_connections_active") >= 2, after.Text);
        Assert.True(after.Sum("chat_users_active") >= 2, after.Text);
        Assert.True(after.Sum("chat_backplane_delivering") >= 1, after.Text);
    }

    [Fact]
    public async Task SyncCallsAreCountedByMode()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        var before = await ScrapeAsync();

        await alice.SyncAsync(null);
        await alice.SyncAsync(0);
        var after = await ScrapeAsync();

        Assert.True(Moved(before, after, "chat_syncs_total", ("mode", "offline")) >= 1, after.Text);
        Assert.True(Moved(before, after, "chat_syncs_total", ("mode", "catch_up")) >= 1, after.Text);
        Assert.True(Moved(before, after, "chat_sync_messages_count", ("mode", "catch_up")) >= 1, after.Text);
    }

    [Theory]
    [InlineData("http_server_request_duration_seconds_count")]
    [InlineData("signalr_server_active_connections")]
    [InlineData("kestrel_active_connections")]
    [InlineData("dotnet_gc_collections_total")]
    [InlineData("chat_backplane_recoveries_total")]
    [InlineData("chat_pushes_missed")]
    public async Task FrameworkAndNodeMetricsAreExposed(string metric)
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        var metrics = await ScrapeAsync();

        Assert.True(metrics.Has(metric), $"{metric} is missing:\n{metrics.Text}");
    }

    private async Task<PrometheusText> ScrapeAsync()
    {
        using var http = app.CreateHttpClient();
        using var response = await http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        return new PrometheusText(await response.Content.ReadAsStringAsync());
    }

    private static double Moved(PrometheusText before, PrometheusText after, string metric, params (string, string)[] labels) =>
        after.Sum(metric, labels) - before.Sum(metric, labels);
}
