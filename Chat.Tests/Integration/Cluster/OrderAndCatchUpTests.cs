using System.Diagnostics;
using Chat.Tests.Infrastructure;
using Chat.Tests.Infrastructure.Cluster;
using Xunit.Abstractions;

namespace Chat.Tests.Integration.Cluster;

/// <summary>What users see across nodes: messages in one order, and nothing missed over a short drop.</summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class OrderAndCatchUpTests(ClusterFixture cluster, ITestOutputHelper output) : IClassFixture<ClusterFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private Uri Node(int i) => cluster.Nodes[i % cluster.Nodes.Count].Uri;

    [Fact]
    public async Task OneSendersMessagesAndAGroupsMessagesAreSeenInOneOrderByEveryone()
    {
        const int BackToBack = 200, Senders = 5, EachToGroup = 40;
        await using var alice = await cluster.ConnectedUserAsync("alice", Node(0));
        await using var bob = await cluster.ConnectedUserAsync("bob", Node(1));
        await alice.AddFriendAsync(bob.Id);
        var senders = await Task.WhenAll(Enumerable.Range(0, Senders).Select(i => cluster.ConnectedUserAsync($"r7s{i}", Node(i))));
        await using var listener = await cluster.ConnectedUserAsync("r7l", Node(2));
        var members = senders.Append(listener).ToList();
        var group = await senders[0].CreateGroupAsync("r7 order");
        foreach (var member in members.Skip(1))
        {
            await member.JoinGroupAsync(group.Id);
        }

        // Not awaited one by one: the hub runs one connection's calls in the order they arrive.
        var direct = await Task.WhenAll(Enumerable.Range(0, BackToBack).Select(n => alice.SendDirectAsync(bob.Id, $"#{n}", $"r7-{n}")));
        var grouped = await Task.WhenAll(senders.Select(async sender =>
        {
            var acks = new List<WireMessage>();
            for (var n = 0; n < EachToGroup; n++)
            {
                acks.Add(await sender.SendGroupAsync(group.Id, $"{sender.Name} #{n}", $"r7g-{n}"));
            }

            return acks;
        }));
        var all = grouped.SelectMany(acks => acks).Select(m => m.Id).Order().ToList();
        await bob.View.WaitForCountAsync(BackToBack, m => m.SenderId == alice.Id, Patience);
        await Task.WhenAll(members.Select(m => m.View.WaitForCountAsync(all.Count, v => v.GroupId == group.Id, Patience)));
        await Task.WhenAll(members.Append(bob).Select(m => m.CatchUpAsync()));

        var shownToBob = bob.View.Items.Where(m => m.SenderId == alice.Id).OrderBy(m => m.Id).Select(m => m.Text).ToList();
        var sequentialInversions = shownToBob.Zip(shownToBob.Skip(1)).Count(p => Seq(p.First) > Seq(p.Second))
            + direct.Zip(direct.Skip(1)).Count(p => p.First.Id > p.Second.Id);
        var differing = members.Count(m => !m.View.Items.Where(v => v.GroupId == group.Id).Select(v => v.Id).Order().SequenceEqual(all));
        var senderInversions = members.Sum(m => senders.Sum(s =>
        {
            var texts = m.View.Items.Where(v => v.GroupId == group.Id && v.SenderId == s.Id).OrderBy(v => v.Id).Select(v => Seq(v.Text)).ToList();
            return texts.Zip(texts.Skip(1)).Count(p => p.First > p.Second);
        }));

        output.WriteLine($"R7 ordering: backToBack={BackToBack} sequentialInversions={sequentialInversions} groupSenders={Senders}x{EachToGroup} " +
            $"membersDiffering={differing}/{members.Count} groupSenderInversions={senderInversions}");
        foreach (var sender in senders)
        {
            await sender.DisposeAsync();
        }

        Assert.Equal(0, sequentialInversions);
        Assert.Equal(0, differing);
        Assert.Equal(0, senderInversions);
    }

    [Fact]
    public async Task AUserWhoseSocketDropsForAFewSecondsMissesNothingAfterReconnecting()
    {
        await using var alice = await cluster.ConnectedUserAsync("alice", Node(0));
        await using var bob = await cluster.ConnectedUserAsync("bob", Node(1));
        await alice.AddFriendAsync(bob.Id);
        var acks = new EventLog<WireMessage>();
        using var stop = new CancellationTokenSource();
        var sending = Task.Run(async () =>
        {
            // Pacing the offered load, not waiting for anything.
            using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
            for (var n = 0; !stop.IsCancellationRequested && await pace.WaitForNextTickAsync(); n++)
            {
                acks.Add(await alice.SendDirectAsync(bob.Id, $"#{n}", $"r11-{n}"));
            }
        });
        await acks.WaitForCountAsync(5, timeout: Patience);

        await bob.Hub.StopAsync();
        // About 3 s of messages while bob is away.
        await acks.WaitForCountAsync(acks.Items.Count + 30, timeout: Patience);
        var whileAway = acks.Items.Select(a => a.Id).ToHashSet();
        var clock = Stopwatch.StartNew();
        await bob.ConnectAsync(cluster.Nginx.Uri);
        var missed = whileAway.Count(id => !bob.View.Items.Any(m => m.Id == id));
        var caughtUp = clock.Elapsed;
        await stop.CancelAsync();
        await sending;
        var all = acks.Items.Select(a => a.Id).ToHashSet();
        await bob.View.WaitForCountAsync(all.Count, m => all.Contains(m.Id), Patience);

        output.WriteLine($"R11 transient-drop: sentWhileAway=30 missedAfterReconnect={missed} caughtUpIn={caughtUp.TotalSeconds:0.00}s " +
            $"total={all.Count} dupShown={bob.View.Items.Count - bob.View.Items.Select(m => m.Id).Distinct().Count()}");
        Assert.Equal(0, missed);
        Assert.True(caughtUp < TimeSpan.FromSeconds(3), $"caught up {caughtUp.TotalSeconds:0.00}s after reconnecting");
    }

    private static int Seq(string text) => int.Parse(text[(text.LastIndexOf('#') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
}
