using System.Net;
using System.Net.Http.Json;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;

namespace Chat.Tests.Integration.Security;

/// <summary>S3: every id-taking hub method and REST route, called by someone it does not belong to, while the
/// group's members and the direct conversation's people listen for anything that leaks.</summary>
[Trait("Database", "Sqlite")]
public sealed class AccessMatrixTests(SqliteChatApp app, ITestOutputHelper output) : IClassFixture<SqliteChatApp>
{
    [Fact]
    public async Task NoIdTakingCallWorksForSomeoneItDoesNotBelongTo()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var bob = await app.ConnectedUserAsync("bob");
        await using var carol = await app.ConnectedUserAsync("carol");
        await alice.AddFriendAsync(bob.Id);
        await alice.AddFriendAsync(carol.Id);
        var group = await alice.CreateGroupAsync("private plans");
        await bob.JoinGroupAsync(group.Id);
        await carol.JoinGroupAsync(group.Id);
        await alice.SendDirectAsync(bob.Id, "between us");
        await alice.SendGroupAsync(group.Id, "for members");
        // The stranger comes online last: nobody should hear of it, and it hears of nobody.
        await using var mallory = await app.ConnectedUserAsync("mallory");
        var listeners = new[] { alice, bob, carol };
        var rowsBefore = await RowCounts.ReadAsync(app);

        var tally = new AttackTally();
        await tally.HubAsync("SendDirect to a non-friend", () => mallory.SendDirectAsync(bob.Id, "hi stranger"));
        await tally.HubAsync("SendGroup as a non-member", () => mallory.SendGroupAsync(group.Id, "let me in"));
        await tally.HubAsync("GetGroupHistory as a non-member", () => mallory.GroupHistoryAsync(group.Id, null, 50));
        await tally.HubAsync("GetDirectHistory with a non-friend", () => mallory.DirectHistoryAsync(alice.Id, null, 50));
        await tally.HubAsync("Typing in a group as a non-member", () => mallory.Hub.InvokeAsync("Typing", null, group.Id));
        await tally.HubAsync("Typing to a non-friend", () => mallory.Hub.InvokeAsync("Typing", bob.Id, null));
        await tally.HubAsync("LeaveGroup as a non-member", () => mallory.Hub.InvokeAsync("LeaveGroup", group.Id));
        var route = $"/api/groups/{group.Id}";
        var rename = () => JsonContent.Create(new { name = "taken over", description = "" });
        foreach (var (who, user) in new[] { ("a non-member", mallory), ("a normal member", bob) })
        {
            await tally.RestAsync($"PUT a group as {who}", () => user.Http.PutAsync(route, rename()), HttpStatusCode.Forbidden);
            await tally.RestAsync($"DELETE a group as {who}", () => user.Http.DeleteAsync(route), HttpStatusCode.Forbidden);
        }

        await tally.RestAsync("DELETE another user's membership as a non-member",
            () => mallory.Http.DeleteAsync($"{route}/members/{carol.Id}"), HttpStatusCode.Forbidden);
        await tally.RestAsync("DELETE the creator's membership as a normal member",
            () => bob.Http.DeleteAsync($"{route}/members/{alice.Id}"), HttpStatusCode.Forbidden);
        // The admin's powers are exactly these PUT/DELETE routes on someone else's group (there are no other
        // admin routes): the calls above are the admin routes as a normal user.
        var rowsWritten = (await RowCounts.ReadAsync(app)).Since(rowsBefore);

        // Barrier: one message to everyone in each conversation, sent after every attack; whatever an attack
        // pushed would have arrived before it.
        var groupBarrier = await alice.SendGroupAsync(group.Id, "barrier");
        var directBarrier = await alice.SendDirectAsync(bob.Id, "barrier");
        foreach (var listener in listeners)
        {
            await listener.Messages.WaitAsync(m => m.Id == groupBarrier.Id);
        }

        await bob.Messages.WaitAsync(m => m.Id == directBarrier.Id);
        await mallory.SyncAsync(long.MaxValue);
        var leaked = listeners.Sum(l => l.Messages.Items.Count(m => m.SenderId == mallory.Id) +
                                        l.Typing.Items.Count(t => t.UserId == mallory.Id) +
                                        l.Presence.Items.Count(p => p.UserId == mallory.Id))
            + mallory.Messages.Items.Count + mallory.Typing.Items.Count + mallory.Presence.Items.Count
            + mallory.MembersJoined.Items.Count + mallory.MembersLeft.Items.Count;
        var stillThere = await alice.GetAsync<WireGroup>(route);

        output.WriteLine($"S3 bola: attempts={tally.Attempts} successes={tally.Successes.Count} rows={rowsWritten} " +
            $"leakedEvents={leaked} silentRefusals={tally.SilentRefusals.Count}");
        Assert.Empty(tally.Successes);
        Assert.Equal(0, rowsWritten);
        Assert.Equal(0, leaked);
        Assert.Empty(tally.SilentRefusals);
        Assert.Equal(("private plans", 3), (stillThere.Name, stillThere.MemberCount));
    }
}
