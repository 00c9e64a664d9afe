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
        Console.WriteLine($"direct {stack.Name}: making {users.Length / 2} friend pairs and connecting their {users.Length} users");
        await BefriendAsync(stack.Entry, users, ct);
        await using var load = new DirectLoad(stack.Entry, users);
        await load.ConnectAsync(50, ct);
        double? mustRun = options.DirectRates.Contains(ComparedRate) ? ComparedRate : null;
        var plan = new StepPlan(options.DirectRates, options.StepSeconds, options.DrainSeconds, options.WarmupSeconds, mustRun, options.DirectMaxRate);
        return await Stepping.RunAsync(load, stack.Name, plan, sampler, token => load.ConnectAsync(50, token), ct);
    }

    /// <summary>Friendship is mutual, so one call per pair, from a connection of its own (the load's lean
    /// connections only send messages).</summary>
    private static async Task BefriendAsync(Uri entry, BenchUser[] users, CancellationToken ct)
    {
        var askers = Enumerable.Range(0, users.Length / 2).Select(pair => HubClients.Create(entry, users[2 * pair].AccessToken)).ToList();
        await HubClients.StartAllAsync(askers, 50, ct);
        try
        {
            await Parallel.ForAsync(0, askers.Count, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
                async (pair, token) => await askers[pair].InvokeAsync<JsonElement>("AddFriend", users[(2 * pair) + 1].Id, token));
        }
        finally
        {
            await HubClients.DisposeAllAsync(askers);
        }
    }
}

internal sealed class DirectLoad(Uri entry, BenchUser[] pairs) : HubLoad(entry, pairs)
{
    private static readonly JsonEncodedText SendDirect = JsonEncodedText.Encode("SendDirect");
    private static readonly JsonEncodedText AddFriend = JsonEncodedText.Encode("AddFriend");

    public override string Scenario => "direct";

    public override int Receivers => 1;

    public override void Send(StepRecorder recorder, int index)
    {
        var sender = index % Users.Length;
        Invoke(recorder, sender, index, SendDirect, (To: Users[sender ^ 1].Id, recorder.Step, Index: index), static (json, m) =>
        {
            json.WriteNumberValue(m.To);
            json.WriteStringValue(Texts.HundredJson);
            Texts.WriteClientMessageId(json, 'd', m.Step, m.Index);
        });
    }

    /// <summary>Asks for the friend it already has: both stacks answer it, and nothing changes.</summary>
    protected override Task ReadyAsync(LeanHubConnection connection, int j, CancellationToken ct) =>
        connection.ReadyAsync(AddFriend, Users[j ^ 1].Id, static (json, friend) => json.WriteNumberValue(friend), ct);

    protected override void Received(ReadOnlySpan<byte> clientMessageId, int? groupId, int receiver)
    {
        if (Current is { } recorder && Texts.TryParse(clientMessageId, 'd', out var step, out var index) && step == recorder.Step)
        {
            var expected = (index % Users.Length) ^ 1;
            recorder.Delivered(index, receiver == expected ? 0 : -1);
        }
    }
}
