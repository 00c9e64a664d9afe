using System.Diagnostics;
using Chat.Tests.Infrastructure;
using Chat.Tests.Infrastructure.Cluster;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Tests.Integration.Cluster;

/// <summary>A node dies while messages are being edited and reacted to: every viewer ends with each message's
/// last state, live where its node stayed and by catch-up where it did not.</summary>
public sealed partial class NodeFailureTests
{
    [Fact]
    public async Task KillingANodeWhileMessagesChangeLeavesEveryViewerWithTheirLastState()
    {
        var clients = new List<ClusterClient>();
        try
        {
            for (var i = 0; i < 9; i++)
            {
                var client = await cluster.ConnectedUserAsync("r1c", Node(i % cluster.Nodes.Count));
                client.ReconnectThrough(cluster.Nginx.Uri);
                clients.Add(client);
            }

            await ChangeThroughAKillAsync(clients);
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    private async Task ChangeThroughAKillAsync(List<ClusterClient> clients)
    {
        const int Rounds = 12;
        var users = clients.Count;
        var group = await clients[0].CreateGroupAsync(ChatAppFactory.UniqueName("r1c"));
        foreach (var client in clients.Skip(1))
        {
            await client.JoinGroupAsync(group.Id);
        }

        var own = new List<WireMessage>();
        foreach (var client in clients)
        {
            own.Add(await client.SendGroupAsync(group.Id, $"{client.Name} v0"));
        }

        await Task.WhenAll(clients.Select(c => c.View.WaitForCountAsync(users, m => m.GroupId == group.Id, TimeSpan.FromSeconds(10))));

        // Each edits its own message and toggles a reaction on the next one's, every change retried until
        // answered (a repeat is harmless); the first node dies half-way.
        var answered = new EventLog<WireMessage>();
        var timeout = TimeSpan.FromSeconds(60);
        var clock = Stopwatch.StartNew();
        var changing = clients.Select(async (client, i) =>
        {
            var next = own[(i + 1) % users];
            for (var round = 1; round <= Rounds; round++)
            {
                var text = $"{client.Name} v{round}";
                var add = round % 2 == 0;
                answered.Add((await client.SendUntilAckedAsync(h => h.InvokeAsync<WireMessage>("EditMessage", own[i].Id, text), timeout)).Ack);
                answered.Add((await client.SendUntilAckedAsync(h => h.InvokeAsync<WireMessage>("React", next.Id, "👍", add), timeout)).Ack);
                await Task.Delay(TimeSpan.FromMilliseconds(40));
            }
        }).ToList();
        await answered.WaitForCountAsync(users * Rounds, timeout: timeout);
        await cluster.Nodes[0].KillAsync();
        await Task.WhenAll(changing);
        var victims = clients.Where((_, i) => i % cluster.Nodes.Count == 0);
        await Task.WhenAll(victims.Select(v => v.Reconnected.WaitAsync(_ => true, TimeSpan.FromSeconds(30))));

        await using var reader = await cluster.ConnectedUserAsync("r1c-reader", Node(1));
        await reader.JoinGroupAsync(group.Id);
        var truth = (await reader.Hub.InvokeAsync<List<WireMessage>>("GetGroupHistory", group.Id, null, 50)).ToDictionary(m => m.Id);
        // Live: a push of the last state, or a catch-up after the reconnect, within a few seconds.
        var deadline = Stopwatch.StartNew();
        var missedLive = 0;
        foreach (var (client, message) in clients.SelectMany(c => own.Select(m => (c, truth[m.Id]))))
        {
            if (client.StateOf(message.Id)?.ChangeId == message.ChangeId)
            {
                continue;
            }

            var left = TimeSpan.FromSeconds(10) - deadline.Elapsed;
            missedLive += await Record.ExceptionAsync(() =>
                client.Updated.WaitAsync(m => m.Id == message.Id && m.ChangeId == message.ChangeId, left > TimeSpan.Zero ? left : TimeSpan.Zero)) is null ? 0 : 1;
        }

        await Task.WhenAll(clients.Select(c => c.CatchUpAsync()));
        var lost = clients.Sum(c => own.Count(m => c.StateOf(m.Id)?.ChangeId != truth[m.Id].ChangeId));

        output.WriteLine($"R1 kill-node changes: changes={users * Rounds * 2} answered={answered.Items.Count} missedLive={missedLive} " +
            $"lost={lost} total={clock.Elapsed.TotalSeconds:0.0}s");
        Assert.Equal(0, lost);
        Assert.All(own.Select(m => truth[m.Id]), m => Assert.EndsWith($" v{Rounds}", m.Text));
        Assert.All(own, m => Assert.Equal("👍", truth[m.Id].Reactions!.Single().Emoji));
        Assert.All(clients, c => Assert.All(own, m => Assert.Equal(truth[m.Id].Text, c.StateOf(m.Id)!.Text)));
    }
}
