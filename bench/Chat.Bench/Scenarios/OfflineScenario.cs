using System.Collections.Concurrent;
using System.Text.Json;
using Chat.Bench.Metrics;
using Chat.Bench.Report;
using Chat.Bench.Setup;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Bench.Scenarios;

/// <summary>A friend who has never connected gets many messages, then connects and syncs: the time
/// from opening the connection to holding every message.</summary>
internal sealed class OfflineScenario(BenchOptions options, ProcessSampler sampler)
{
    // The server runs one connection's invocations one at a time; a few in flight keep each pipe full.
    private const int InFlightPerConnection = 16;

    public async Task<OfflineResult> RunAsync(Stack stack, string prefix, CancellationToken ct)
    {
        var count = options.OfflineMessages;
        var sender = await Users.RegisterOneAsync(stack.Api, $"{prefix}.os", ct);
        var friend = await Users.RegisterOneAsync(stack.Api, $"{prefix}.of", ct);
        var senders = Enumerable.Range(0, options.OfflineSenders).Select(_ => HubClients.Create(stack.Entry, sender.AccessToken)).ToArray();
        var errors = new ConcurrentDictionary<string, int>();
        int acked = 0, failed = 0;
        var window = sampler.Begin();
        double sendSeconds;
        try
        {
            await HubClients.StartAllAsync(senders, senders.Length, ct);
            await senders[0].InvokeAsync<JsonElement>("AddFriend", friend.Id, ct);
            Console.WriteLine($"offline {stack.Name}: sending {count} messages to a friend who never connected, over {senders.Length} connections");
            var started = Clock.Now;
            using (new Progress(() => $"offline {stack.Name}: acked {Volatile.Read(ref acked)}/{count} failed {Volatile.Read(ref failed)}"))
            {
                var parallel = new ParallelOptions { MaxDegreeOfParallelism = senders.Length * InFlightPerConnection, CancellationToken = ct };
                await Parallel.ForAsync(0, count, parallel, async (i, token) =>
                {
                    try
                    {
                        await senders[i % senders.Length].InvokeAsync<WireMessage>("SendDirect", friend.Id, Texts.Hundred, Texts.ClientMessageId('o', 0, i), token);
                        Interlocked.Increment(ref acked);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        Interlocked.Increment(ref failed);
                        errors.AddOrUpdate($"{e.GetType().Name}: {e.Message}", 1, (_, n) => n + 1);
                    }
                });
            }

            sendSeconds = Clock.Seconds(Clock.Now - started);
        }
        finally
        {
            await HubClients.DisposeAllAsync(senders);
        }

        Console.WriteLine($"offline {stack.Name}: {acked} stored in {sendSeconds:0.0} s; the friend connects and syncs");
        var (received, pages, connectMs, syncMs) = await SyncAsync(stack.Entry, friend, count, ct);
        var processes = window.End();
        Console.WriteLine($"  offline {stack.Name}: {received}/{count} distinct messages in {syncMs:0} ms ({pages} pages, connect {connectMs:0} ms)");
        return new OfflineResult(stack.Name, count, senders.Length, Math.Round(sendSeconds, 2), failed, received, pages,
            Math.Round(connectMs, 1), Math.Round(syncMs, 1), [.. errors.Take(5).Select(e => $"{e.Value}x {e.Key}")], processes);
    }

    /// <summary>Sync(null) for the offline messages, then Sync(lastId) while hasMore.</summary>
    private static async Task<(int Received, int Pages, double ConnectMs, double SyncMs)> SyncAsync(
        Uri entry, BenchUser friend, int expected, CancellationToken ct)
    {
        var ids = new HashSet<long>();
        var pages = 0;
        var started = Clock.Now;
        await using var connection = HubClients.Create(entry, friend.AccessToken);
        await connection.StartAsync(ct);
        var connectMs = Clock.Seconds(Clock.Now - started) * 1000;
        long? after = null;
        // Bounded: a server that keeps saying hasMore cannot keep the run going.
        while (pages < (expected / 100) + 10)
        {
            var page = await connection.InvokeAsync<SyncResult>("Sync", after, ct);
            pages++;
            foreach (var message in page.Messages.Where(m => m.RecipientId == friend.Id))
            {
                ids.Add(message.Id);
            }

            if (page.Messages.Count > 0)
            {
                after = page.Messages.Max(m => m.Id);
            }

            if (!page.HasMore)
            {
                break;
            }
        }

        return (ids.Count, pages, connectMs, Clock.Seconds(Clock.Now - started) * 1000);
    }
}
