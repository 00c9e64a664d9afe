using System.Text.Json;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Tests.Integration.Observability;

[Trait("Database", "Sqlite")]
public sealed class NodeTelemetryTests(ObservedNode node) : IClassFixture<ObservedNode>
{
    private const string Text = "a text that is stored, never exported";

    private static readonly TimeSpan ExportTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task WithAnOtlpEndpointTheNodeExportsMetricsAndTracesOfASentMessage()
    {
        var (alice, aliceHub) = await node.ConnectedUserAsync("alice");
        var (bob, bobHub) = await node.ConnectedUserAsync("bob");
        await using (aliceHub)
        await using (bobHub)
        {
            await aliceHub.InvokeAsync<WireFriend>("AddFriend", bob.User.Id);

            await aliceHub.InvokeAsync<WireMessage>("SendDirect", bob.User.Id, Text, Guid.NewGuid().ToString("N"));

            var metrics = await node.Collector.Exports.WaitAsync(e => e.Signal == "metrics" && e.Mentions("chat.messages.accepted"), ExportTimeout);
            var traces = await node.Collector.Exports.WaitAsync(e => e.Signal == "traces" && e.Mentions("ChatHub/SendDirect"), ExportTimeout);
            await node.Collector.Exports.WaitAsync(e => e.Signal == "traces" && e.Mentions("StoreMessage"), ExportTimeout);
            await node.Collector.Exports.WaitAsync(e => e.Signal == "traces" && e.Mentions("PushMessage"), ExportTimeout);
            Assert.Equal("application/x-protobuf", metrics.ContentType);
            Assert.Equal("application/x-protobuf", traces.ContentType);
            Assert.True(metrics.Mentions("signalr.server.active_connections"), "SignalR's own metrics were not exported");
            Assert.True(metrics.Mentions("kestrel.active_connections"), "Kestrel's metrics were not exported");
            Assert.DoesNotContain(node.Collector.Exports.Items, e => e.Mentions(Text));
        }
    }

    [Fact]
    public async Task JsonLogLinesParseAndARefusalCarriesTheUserAndConnectionIdsInScope()
    {
        var (alice, aliceHub) = await node.ConnectedUserAsync("alice");
        var (stranger, strangerHub) = await node.ConnectedUserAsync("stranger");
        await using (aliceHub)
        await using (strangerHub)
        {
            await Assert.ThrowsAsync<HubException>(() => aliceHub.InvokeAsync<WireMessage>("SendDirect", stranger.User.Id, Text, "c1"));

            var line = await node.Output.WaitAsync(l => l.Contains("SendDirect refused", StringComparison.Ordinal) && l.Contains($"\"UserId\":{alice.User.Id}", StringComparison.Ordinal));
            using var refusal = JsonDocument.Parse(line);
            var entry = refusal.RootElement;
            var scopes = entry.GetProperty("Scopes").EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object).ToList();
            Assert.Equal("Information", entry.GetProperty("LogLevel").GetString());
            Assert.False(entry.TryGetProperty("Exception", out _), line);
            Assert.Contains(scopes, s => s.TryGetProperty("UserId", out var id) && id.GetInt32() == alice.User.Id);
            Assert.Contains(scopes, s => s.TryGetProperty("TransportConnectionId", out var id) && id.GetString() is { Length: > 0 });
            Assert.All(node.Output.Items, l => Assert.Equal(JsonValueKind.Object, ParsedKind(l)));
            string[] secrets = [Text, ChatAppFactory.Password, alice.AccessToken, alice.RefreshToken, stranger.AccessToken, stranger.RefreshToken];
            Assert.DoesNotContain(node.Output.Items, l => secrets.Any(s => l.Contains(s, StringComparison.Ordinal)));
            Assert.DoesNotContain(node.Collector.Exports.Items, e => secrets.Any(e.Mentions));
        }
    }

    private static JsonValueKind ParsedKind(string line)
    {
        using var parsed = JsonDocument.Parse(line);
        return parsed.RootElement.ValueKind;
    }
}
