using System.Text.Json;
using Chat.Bench.Metrics;
using Chat.Bench.Report;
using Chat.Bench.Setup;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Bench.Scenarios;

/// <summary>Users in friend pairs, each with one connection through nginx, sending to each other
/// round-robin at stepped rates.</summary>
internal sealed class DirectScenario(BenchOptions options, ProcessSampler sampler)
{
    /// <summary>A target compares p99 at this rate, so it runs even after a lower step failed.</summary>
    public const double ComparedRate = 1000;

    public async Task<RateSeries> RunAsync(Stack stack, CancellationToken ct)
    {
        var users = stack.Users.Take(options.Users & ~1).ToArray();
        await using var load = new DirectLoad(stack.Entry, users);
        Console.WriteLine($"direct {stack.Name}: connecting {users.Length} users in {users.Length / 2} friend pairs");
        await HubClients.StartAllAsync(load.Connections, 50, ct);
        await load.BefriendAsync(ct);
        double? mustRun = options.DirectRates.Contains(ComparedRate) ? ComparedRate : null;
        var plan = new StepPlan(options.DirectRates, options.StepSeconds, options.DrainSeconds, options.WarmupSeconds, mustRun);
        return await Stepping.RunAsync(load, stack.Name, plan, sampler, load.ReconnectAsync, ct);
    }
}

internal sealed class DirectLoad(Uri entry, BenchUser[] pairs) : HubLoad(entry, pairs)
{
    public override string Scenario => "direct";

    public override int Receivers => 1;

    /// <summary>Friendship is mutual, so one call per pair.</summary>
    public async Task BefriendAsync(CancellationToken ct) =>
        await Parallel.ForAsync(0, Users.Length / 2, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
            async (pair, token) => await Connections[2 * pair].InvokeAsync<JsonElement>("AddFriend", Users[(2 * pair) + 1].Id, token));

    public override void Send(StepRecorder recorder, int index)
    {
        var sender = index % Users.Length;
        var connection = Connections[sender];
        var to = Users[sender ^ 1].Id;
        var id = Texts.ClientMessageId('d', recorder.Step, index);
        recorder.Track(index, () => connection.InvokeAsync<WireMessage>("SendDirect", to, Texts.Hundred, id));
    }

    /// <summary>A connection the server dropped in an overloaded step is reopened before the next one.</summary>
    public async Task ReconnectAsync(CancellationToken ct)
    {
        foreach (var connection in Connections.Where(c => c.State == HubConnectionState.Disconnected))
        {
            Console.WriteLine("  reconnecting a dropped connection");
            await connection.StartAsync(ct);
        }
    }

    protected override void Received(WireMessage message, int receiver)
    {
        if (Current is { } recorder && Texts.TryParse(message.ClientMessageId, 'd', out var step, out var index) && step == recorder.Step)
        {
            var expected = (index % Users.Length) ^ 1;
            recorder.Delivered(index, receiver == expected ? 0 : -1);
        }
    }
}
