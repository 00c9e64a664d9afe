using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Bench.Setup;

/// <summary>Hub connections as the page makes them: WebSockets without negotiation (one request, so
/// nginx needs no sticky sessions), the JSON protocol, the login's access token.</summary>
internal static class HubClients
{
    public static HubConnection Create(Uri entry, string accessToken) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(entry, "/hubs/chat"), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                options.AccessTokenProvider = () => Task.FromResult<string?>(accessToken);
            })
            .Build();

    /// <summary>Starts every connection, at most <paramref name="parallelism"/> at a time; any failure is fatal.</summary>
    public static async Task StartAllAsync(IReadOnlyList<HubConnection> connections, int parallelism, CancellationToken ct)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct };
        try
        {
            await Parallel.ForEachAsync(connections, options, async (connection, token) => await connection.StartAsync(token));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await DisposeAllAsync(connections);
            throw new BenchException($"connecting to the hub failed: {e.Message}");
        }
    }

    public static async Task DisposeAllAsync(IEnumerable<HubConnection> connections) =>
        await Parallel.ForEachAsync(connections, new ParallelOptions { MaxDegreeOfParallelism = 200 },
            async (connection, _) => await connection.DisposeAsync());
}
