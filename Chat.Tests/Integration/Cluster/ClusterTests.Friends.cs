using System.Net;
using Chat.Tests.Infrastructure.Cluster;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Tests.Integration.Cluster;

/// <summary>An ended friendship holds on every node at once, also on those that remembered the pair.</summary>
public sealed partial class ClusterTests
{
    [Fact]
    public async Task AFriendshipEndedOnOneNodeRefusesSendsAtOnceOnNodesThatRememberedThePair()
    {
        const int Rounds = 10;
        await using var alice = await cluster.ConnectedUserAsync("alice", Node(0));
        await using var bob = await cluster.ConnectedUserAsync("bob", Node(1));
        await using var aliceElsewhere = await new ClusterClient(alice.Tokens).ConnectAsync(Node(2));
        using var aliceRest = alice.Http(Node(0));
        var attempts = 0;
        var leaked = new List<string>();

        for (var round = 0; round < Rounds; round++)
        {
            await bob.AddFriendAsync(alice.Id);
            // Each node with a sender on it now remembers the pair.
            await bob.SendDirectAsync(alice.Id, $"round {round} from node 2");
            await aliceElsewhere.SendDirectAsync(bob.Id, $"round {round} from node 3");
            var byBlock = round % 2 == 1;
            if (byBlock)
            {
                Assert.Equal(HttpStatusCode.NoContent, (await aliceRest.PutAsync($"/api/account/blocks/{bob.Id}", null)).StatusCode);
            }
            else
            {
                await alice.RemoveFriendAsync(bob.Id);
            }

            // At once, on the other nodes: no wait for anything to arrive.
            foreach (var (who, attempt) in new (string, Func<Task>)[]
                     {
                         ("bob on node 2", () => bob.SendDirectAsync(alice.Id, "after the end")),
                         ("alice on node 3", () => aliceElsewhere.SendDirectAsync(bob.Id, "after the end")),
                         ("bob typing on node 2", () => bob.Hub.InvokeAsync("Typing", alice.Id, null)),
                     })
            {
                attempts++;
                if (await Record.ExceptionAsync(attempt) is not HubException)
                {
                    leaked.Add($"round {round} ({(byBlock ? "block" : "unfriend")}): {who}");
                }
            }

            if (byBlock)
            {
                Assert.Equal(HttpStatusCode.NoContent, (await aliceRest.DeleteAsync($"/api/account/blocks/{bob.Id}")).StatusCode);
            }
        }

        output.WriteLine($"friendship ended across nodes: rounds={Rounds} (unfriend and block in turn) attempts={attempts} accepted={leaked.Count}");
        Assert.Empty(leaked);
    }
}
