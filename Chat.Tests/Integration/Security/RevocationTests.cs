using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;

namespace Chat.Tests.Integration.Security;

/// <summary>S4 (a): leaving a group, or being removed from it, ends every right in it at once, on every
/// connection of the user. (b), logout on every node, is in ClusterTests.</summary>
[Trait("Database", "Sqlite")]
public sealed class RevocationTests(SqliteChatApp app, ITestOutputHelper output) : IClassFixture<SqliteChatApp>
{
    [Fact]
    public async Task AfterLeavingOrBeingRemovedNothingOfTheGroupReachesTheUserAndNothingIsAllowed()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var leaver = await app.ConnectedUserAsync("leaver");
        await using var leaverSecondTab = await leaver.AnotherConnectionAsync();
        await using var removed = await app.ConnectedUserAsync("removed");
        await alice.AddFriendAsync(leaver.Id);
        await alice.AddFriendAsync(removed.Id);
        var group = await alice.CreateGroupAsync("revocation");
        await leaver.JoinGroupAsync(group.Id);
        await removed.JoinGroupAsync(group.Id);
        var before = await alice.SendGroupAsync(group.Id, "before");
        await Task.WhenAll(new[] { leaver, leaverSecondTab, removed }.Select(c => c.Messages.WaitAsync(m => m.Id == before.Id)));

        await leaver.Hub.InvokeAsync("LeaveGroup", group.Id);
        (await alice.Http.DeleteAsync($"/api/groups/{group.Id}/members/{removed.Id}")).EnsureSuccessStatusCode();
        var gone = new[] { leaver, leaverSecondTab, removed };
        int GroupEvents(ChatClient c) =>
            c.Messages.Items.Count(m => m.GroupId == group.Id) + c.Typing.Items.Count(t => t.GroupId == group.Id);
        var seenBefore = gone.Select(GroupEvents).ToArray();

        var tally = new AttackTally();
        const int Rounds = 5;
        for (var i = 0; i < Rounds; i++)
        {
            await alice.SendGroupAsync(group.Id, $"after {i}");
            await alice.Hub.InvokeAsync("Typing", null, group.Id);
            foreach (var user in gone)
            {
                await tally.HubAsync("SendGroup after leaving", () => user.SendGroupAsync(group.Id, $"still here {i}"));
                await tally.HubAsync("GetGroupHistory after leaving", () => user.GroupHistoryAsync(group.Id, null, 50));
                await tally.HubAsync("Typing after leaving", () => user.Hub.InvokeAsync("Typing", null, group.Id));
            }
        }

        // Barrier: a direct message to each, sent after everything of the group.
        foreach (var user in new[] { leaver, removed })
        {
            var barrier = await alice.SendDirectAsync(user.Id, "barrier");
            await user.Messages.WaitAsync(m => m.Id == barrier.Id);
        }

        await leaverSecondTab.Messages.WaitAsync(m => m.Text == "barrier");
        var eventsAfterLeave = gone.Select(GroupEvents).Zip(seenBefore, (after, earlier) => after - earlier).Sum();
        var history = await alice.GroupHistoryAsync(group.Id, null, 200);

        // (c) "account disabled by an admin" does not exist yet (a later issue): nothing to revoke.
        output.WriteLine($"S4a leave: users=2 connections=3 groupEventsAfterLeave={eventsAfterLeave} attempts={tally.Attempts} " +
            $"allowed={tally.Successes.Count} silentRefusals={tally.SilentRefusals.Count} disabled=n/a");
        Assert.Equal(0, eventsAfterLeave);
        Assert.Empty(tally.Successes);
        Assert.Empty(tally.SilentRefusals);
        Assert.DoesNotContain(history, m => m.SenderId != alice.Id);
    }
}
