using System.Net.Http.Json;
using Chat.Tests.Infrastructure;
using Chat.Tests.Infrastructure.Cluster;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Tests.Integration.Observability;

/// <summary>A node process (SQLite in a temp folder) configured as an operator would: JSON console logs and
/// OTLP/HTTP export to a collector, here a loopback <see cref="OtlpReceiver"/>. Export intervals are short so
/// tests wait for seconds, not a minute.</summary>
public sealed class ObservedNode : IAsyncLifetime
{
    private readonly string _dir = ChildProcess.CreateTempDirectory("chat-observed");
    private NodeProcess? _node;

    public OtlpReceiver Collector { get; private set; } = null!;

    /// <summary>Every line the node wrote to stdout and stderr.</summary>
    public EventLog<string> Output { get; } = new();

    public Uri Uri => _node!.Uri;

    public async Task InitializeAsync()
    {
        Collector = await OtlpReceiver.StartAsync();
        _node = new NodeProcess("observed", ChildProcess.FreePort(), new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Chat"] = $"Data Source={Path.Combine(_dir, "chat.db")}",
            ["Accounts__RequestsPerMinutePerAddress"] = "1000000",
            ["Logging__Console__FormatterName"] = "json",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Collector.Endpoint.ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "200",
        }, Output);
        await _node.StartAsync();
    }

    /// <summary>A new user, signed in with the shared test password and connected to the hub.</summary>
    public async Task<(TokenResponse Tokens, HubConnection Hub)> ConnectedUserAsync(string prefix)
    {
        using var http = ClusterFixture.Http(Uri, null);
        var credentials = new { name = ChatAppFactory.UniqueName(prefix), password = ChatAppFactory.Password };
        (await http.PostAsJsonAsync("/api/account/register", credentials)).EnsureSuccessStatusCode();
        var login = await http.PostAsJsonAsync("/api/account/login", credentials);
        login.EnsureSuccessStatusCode();
        var tokens = (await login.Content.ReadFromJsonAsync<TokenResponse>())!;
        var hub = ClusterFixture.CreateHubConnection(Uri, tokens.AccessToken);
        await hub.StartAsync();
        return (tokens, hub);
    }

    public async Task DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }

        await Collector.DisposeAsync();
        ChildProcess.TryDelete(_dir);
    }
}
