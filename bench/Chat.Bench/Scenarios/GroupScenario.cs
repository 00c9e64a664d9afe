using System.Text.Json;
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
        Console.WriteLine($"group {stack.Name}: creating and joining the group, then connecting {members.Length} members");
        var groupId = await CreateAndJoinAsync(stack.Entry, members, ct);
        await using var load = new GroupLoad(stack.Entry, members, groupId);
        await load.ConnectAsync(50, ct);
        var plan = new StepPlan(options.GroupRates, options.GroupStepSeconds, options.DrainSeconds, options.WarmupSeconds);
        return await Stepping.RunAsync(load, stack.Name, plan, sampler, _ => Task.CompletedTask, ct);
    }

    /// <summary>Membership is kept by the server, so the load's connections, opened afterwards, are in the
    /// group from the start.</summary>
    private static async Task<int> CreateAndJoinAsync(Uri entry, BenchUser[] members, CancellationToken ct)
    {
        var connections = members.Select(m => HubClients.Create(entry, m.AccessToken)).ToList();
        await HubClients.StartAllAsync(connections, 50, ct);
        try
        {
            var group = await connections[0].InvokeAsync<WireGroup>("CreateGroup", $"bench {members[0].Name}", "load test", ct);
            await Parallel.ForAsync(1, members.Length, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
                async (i, token) => await connections[i].InvokeAsync<WireGroup>("JoinGroup", group.Id, token));
            return group.Id;
        }
        finally
        {
            await HubClients.DisposeAllAsync(connections);
        }
    }
}

internal sealed class GroupLoad(Uri entry, BenchUser[] members, int group) : HubLoad(entry, members)
{
    private static readonly JsonEncodedText SendGroup = JsonEncodedText.Encode("SendGroup");
    private static readonly JsonEncodedText Typing = JsonEncodedText.Encode("Typing");

    public override string Scenario => "group";

    public override int Receivers => Users.Length;

    public override void Send(StepRecorder recorder, int index) =>
        Invoke(recorder, index % Users.Length, index, SendGroup, (Group: group, recorder.Step, Index: index), static (json, m) =>
        {
            json.WriteNumberValue(m.Group);
            json.WriteStringValue(Texts.HundredJson);
            Texts.WriteClientMessageId(json, 'g', m.Step, m.Index);
        });

    /// <summary>A typing notice to the group: answered at once, and the members ignore it.</summary>
    protected override Task ReadyAsync(LeanHubConnection connection, int j, CancellationToken ct) =>
        connection.ReadyAsync(Typing, group, static (json, g) =>
        {
            json.WriteNullValue();
            json.WriteNumberValue(g);
        }, ct);

    protected override void Received(StepRecorder recorder, in WireView message, int receiver)
    {
        if (!message.Updated && message.GroupId == group &&
            Texts.TryParse(message.ClientMessageId, 'g', out var step, out var index) && step == recorder.Step)
        {
            recorder.Delivered(index, receiver);
        }
    }
}
