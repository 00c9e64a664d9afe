using Chat.Bench.Metrics;
using Chat.Bench.Report;
using Chat.Bench.Setup;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Bench.Scenarios;

/// <summary>One group whose members, connected through nginx and so spread over the nodes, post to it
/// round-robin; every member, the sender included, should receive every message.</summary>
internal sealed class GroupScenario(BenchOptions options, ProcessSampler sampler)
{
    public async Task<RateSeries> RunAsync(Stack stack, CancellationToken ct)
    {
        var members = stack.Users.Take(options.GroupMembers).ToArray();
        await using var load = new GroupLoad(stack.Entry, members);
        Console.WriteLine($"group {stack.Name}: connecting {members.Length} members, creating and joining the group");
        await HubClients.StartAllAsync(load.Connections, 50, ct);
        var group = await load.Connections[0].InvokeAsync<WireGroup>("CreateGroup", $"bench {members[0].Name}", "load test", ct);
        await Parallel.ForAsync(1, members.Length, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
            async (i, token) => await load.Connections[i].InvokeAsync<WireGroup>("JoinGroup", group.Id, token));
        load.GroupId = group.Id;
        var plan = new StepPlan(options.GroupRates, options.GroupStepSeconds, options.DrainSeconds, options.WarmupSeconds);
        return await Stepping.RunAsync(load, stack.Name, plan, sampler, _ => Task.CompletedTask, ct);
    }
}

internal sealed class GroupLoad(Uri entry, BenchUser[] members) : HubLoad(entry, members)
{
    public override string Scenario => "group";

    public override int Receivers => Connections.Count;

    public int GroupId { get; set; }

    public override void Send(StepRecorder recorder, int index)
    {
        var connection = Connections[index % Connections.Count];
        var id = Texts.ClientMessageId('g', recorder.Step, index);
        var group = GroupId;
        recorder.Track(index, () => connection.InvokeAsync<WireMessage>("SendGroup", group, Texts.Hundred, id));
    }

    protected override void Received(WireMessage message, int receiver)
    {
        if (Current is { } recorder && message.GroupId == GroupId &&
            Texts.TryParse(message.ClientMessageId, 'g', out var step, out var index) && step == recorder.Step)
        {
            recorder.Delivered(index, receiver);
        }
    }
}
