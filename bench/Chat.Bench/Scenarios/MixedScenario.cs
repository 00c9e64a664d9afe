using Chat.Bench.Metrics;
using Chat.Bench.Report;
using Chat.Bench.Setup;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Bench.Scenarios;

/// <summary>The direct scenario's friend pairs and ladder, with a fixed share of the operations changing
/// messages instead of sending plain ones: replies, edits and reactions (the product's alone; the relay has
/// none of them). It says what changes cost next to the product's direct figures of the same run.</summary>
internal sealed class MixedScenario(BenchOptions options, ProcessSampler sampler)
{
    public async Task<RateSeries> RunAsync(Stack stack, CancellationToken ct)
    {
        var users = FriendPairs.Of(stack, options);
        Console.WriteLine($"mixed {stack.Name}: {options.Mix}; making {users.Length / 2} friend pairs, seeding their conversations and connecting {users.Length} users");
        await FriendPairs.BefriendAsync(stack.Entry, users, ct);
        var seeds = await SeedAsync(stack.Entry, users, ct);
        await using var load = new MixedLoad(stack.Entry, users, options.Mix, seeds);
        await load.ConnectAsync(50, ct);
        var plan = new StepPlan(options.DirectRates, options.StepSeconds, options.DrainSeconds, options.WarmupSeconds, MaxRate: options.DirectMaxRate);
        return await Stepping.RunAsync(load, stack.Name, plan, sampler, token => load.ConnectAsync(50, token), ct);
    }

    /// <summary>Every user sends a message and a reply to it, so that the first edit, reply and reaction of the
    /// warm-up already has a message to act on.</summary>
    private static async Task<MixedSeeds> SeedAsync(Uri entry, BenchUser[] users, CancellationToken ct)
    {
        var connections = users.Select(u => HubClients.Create(entry, u.AccessToken)).ToList();
        await HubClients.StartAllAsync(connections, 50, ct);
        var seeds = new MixedSeeds(new long[users.Length], new long[users.Length]);
        try
        {
            await Parallel.ForAsync(0, users.Length, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (j, token) =>
            {
                var friend = users[PairLoad.Friend(j)].Id;
                var plain = await connections[j].InvokeAsync<WireMessage>("SendDirect", friend, Texts.Hundred, "seed-plain", token);
                var reply = await connections[j].InvokeAsync<WireMessage>("SendMessage",
                    new { toUserId = friend, text = Texts.Hundred, clientMessageId = "seed-reply", replyToId = plain.Id }, token);
                (seeds.Plain[j], seeds.Reply[j]) = (plain.Id, reply.Id);
            });
        }
        catch (HubException e)
        {
            throw new BenchException($"seeding the mixed scenario's conversations failed: {e.Message}");
        }
        finally
        {
            await HubClients.DisposeAllAsync(connections);
        }

        return seeds;
    }
}

/// <summary>Per user: the latest plain message (what its own edits change and its friend replies to) and the
/// latest reply (what its friend reacts to).</summary>
internal sealed record MixedSeeds(long[] Plain, long[] Reply);
