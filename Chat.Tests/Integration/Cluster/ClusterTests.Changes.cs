using Chat.Tests.Infrastructure;
using Chat.Tests.Infrastructure.Cluster;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Tests.Integration.Cluster;

/// <summary>Edits, reactions and deletions across nodes: pushed live to every viewer wherever they are connected,
/// and caught up by a client that was away and comes back on another node, with one cursor.</summary>
public sealed partial class ClusterTests
{
    [Fact]
    public async Task ChangesReachEveryViewerOnEveryNodeAndACatchUpOnAnotherNodeAfterAReconnect()
    {
        await using var alice = await cluster.ConnectedUserAsync("alice", Node(0));
        await using var bob = await cluster.ConnectedUserAsync("bob", Node(1));
        await using var carol = await cluster.ConnectedUserAsync("carol", Node(2));
        var group = await alice.CreateGroupAsync(ChatAppFactory.UniqueName("changes"));
        await bob.JoinGroupAsync(group.Id);
        await carol.JoinGroupAsync(group.Id);
        var sent = await alice.SendGroupAsync(group.Id, "typo here");
        var other = await alice.SendGroupAsync(group.Id, "to be deleted");
        await carol.Messages.WaitAsync(m => m.Id == other.Id);

        var reacted = await bob.Hub.InvokeAsync<WireMessage>("React", sent.Id, "👍", true);
        foreach (var viewer in new[] { alice, carol })
        {
            Assert.Equal(reacted.ChangeId, (await viewer.Updated.WaitAsync(m => m.Id == sent.Id)).ChangeId);
        }

        // Carol goes away; the message changes twice meanwhile; she comes back on another node.
        var cursor = carol.LastSeenId;
        await carol.Hub.StopAsync();
        var edited = await alice.Hub.InvokeAsync<WireMessage>("EditMessage", sent.Id, "no typo here");
        // Only its sender, the group's creator or an admin deletes a message.
        await Assert.ThrowsAsync<HubException>(() => bob.Hub.InvokeAsync<WireMessage>("DeleteMessage", other.Id));
        var removed = await alice.Hub.InvokeAsync<WireMessage>("DeleteMessage", other.Id);
        await using var back = await new ClusterClient(carol.Tokens).ConnectAsync(Node(0));
        var caughtUp = await back.Hub.InvokeAsync<WireSyncResult>("Sync", cursor);

        var updates = caughtUp.Updates!.ToDictionary(m => m.Id);
        Assert.Equal(("no typo here", edited.ChangeId, 1), (updates[sent.Id].Text, updates[sent.Id].ChangeId, updates[sent.Id].Reactions!.Count));
        Assert.Equal(("", removed.ChangeId), (updates[other.Id].Text, updates[other.Id].ChangeId));
        Assert.True(removed.ChangeId > edited.ChangeId && edited.ChangeId > reacted.ChangeId, "change ids grow across nodes");
        Assert.Equal([sent.Id, other.Id], caughtUp.Updates!.Select(m => m.Id));
        // Live on the nodes that stayed.
        await bob.Updated.WaitAsync(m => m.Id == other.Id && m.DeletedAt != null);
        await bob.Updated.WaitAsync(m => m.Id == sent.Id && m.ChangeId == edited.ChangeId);
    }

    [Fact]
    public async Task AChangeWhosePushNeverLeftItsNodeReachesEveryViewerWhenItsAuthorTriesAgainElsewhere()
    {
        await using var isolated = await cluster.StartIsolatedNodeAsync();
        await using var alice = await cluster.ConnectedUserAsync("alice", Node(0));
        await using var bob = await cluster.ConnectedUserAsync("bob", Node(1));
        await using var carol = await cluster.ConnectedUserAsync("carol", Node(2));
        var group = await alice.CreateGroupAsync(ChatAppFactory.UniqueName("lost-pushes"));
        await bob.JoinGroupAsync(group.Id);
        await carol.JoinGroupAsync(group.Id);
        var sent = await alice.SendGroupAsync(group.Id, "typo here");
        var other = await alice.SendGroupAsync(group.Id, "to be deleted");
        await carol.Messages.WaitAsync(m => m.Id == other.Id);
        await bob.Messages.WaitAsync(m => m.Id == other.Id);

        // Applied and stored where the pushes reach no other node; then, as if no answer had come, once more
        // through a node of the cluster, where each finds its change made already.
        await using var cutOff = await new ClusterClient(alice.Tokens).ConnectAsync(isolated.Uri);
        var changes = new List<Func<HubConnection, Task<WireMessage>>>
        {
            hub => hub.InvokeAsync<WireMessage>("EditMessage", sent.Id, "no typo here"),
            hub => hub.InvokeAsync<WireMessage>("React", sent.Id, "👍", true),
            hub => hub.InvokeAsync<WireMessage>("DeleteMessage", other.Id),
        };
        var first = new List<WireMessage>();
        foreach (var change in changes)
        {
            first.Add(await change(cutOff.Hub));
        }

        var again = new List<WireMessage>();
        foreach (var change in changes)
        {
            again.Add(await change(alice.Hub));
        }

        // No new change: each answers the message's state as it is.
        Assert.Equal([first[1].ChangeId, first[1].ChangeId, first[2].ChangeId], again.Select(m => m.ChangeId));
        foreach (var viewer in new[] { bob, carol })
        {
            var edited = await viewer.Updated.WaitAsync(m => m.Id == sent.Id && m.ChangeId == first[1].ChangeId);
            var deleted = await viewer.Updated.WaitAsync(m => m.Id == other.Id && m.ChangeId == first[2].ChangeId);
            Assert.Equal(("no typo here", "👍"), (edited.Text, edited.Reactions!.Single().Emoji));
            Assert.Equal("", deleted.Text);
        }
    }
}
