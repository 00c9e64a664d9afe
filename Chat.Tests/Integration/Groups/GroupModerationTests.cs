using System.Net;
using System.Net.Http.Json;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Tests.Integration.Groups;

/// <summary>Ownership and bans: the creator (or an admin) hands a group over and bans users; the creator leaving
/// hands it on, the last member leaving deletes it; members hear of every change, and nobody else does.</summary>
public abstract class GroupModerationTests(ChatAppFactory app)
{
    /// <summary>alice creates the group; bob, then carol join; dave is a stranger listening for leaks.</summary>
    private async Task<(WireGroup Group, ChatClient Alice, ChatClient Bob, ChatClient Carol, ChatClient Dave)> GroupOfThreeAsync()
    {
        var alice = await app.ConnectedUserAsync("alice");
        var bob = await app.ConnectedUserAsync("bob");
        var carol = await app.ConnectedUserAsync("carol");
        var dave = await app.ConnectedUserAsync("dave");
        var group = await alice.CreateGroupAsync("moderated");
        await bob.JoinGroupAsync(group.Id);
        await carol.JoinGroupAsync(group.Id);
        return (group, alice, bob, carol, dave);
    }

    private static async Task DisposeAllAsync(params ChatClient[] clients)
    {
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
    }

    private static void AssertNothingReached(ChatClient stranger)
    {
        Assert.Empty(stranger.GroupsUpdated.Items);
        Assert.Empty(stranger.GroupsDeleted.Items);
        Assert.Empty(stranger.MembersLeft.Items);
    }

    private static string RoleOf(WireGroup group, int userId) => group.Members!.Single(m => m.Id == userId).Role;

    [Fact]
    public async Task TheCreatorHandsTheGroupOverAndEveryMemberIsTold()
    {
        var (group, alice, bob, carol, dave) = await GroupOfThreeAsync();
        try
        {
            var handed = await alice.Http.PutAsJsonAsync($"/api/groups/{group.Id}/creator", new { userId = bob.Id });

            Assert.Equal(HttpStatusCode.OK, handed.StatusCode);
            var answer = (await handed.Content.ReadFromJsonAsync<WireGroup>())!;
            Assert.Equal(("creator", "normal"), (RoleOf(answer, bob.Id), RoleOf(answer, alice.Id)));
            foreach (var member in new[] { alice, bob, carol })
            {
                var updated = await member.GroupsUpdated.WaitAsync(g => g.Id == group.Id);
                Assert.Equal("creator", RoleOf(updated, bob.Id));
            }

            // The new creator manages it now, the former one no longer.
            Assert.Equal(HttpStatusCode.OK, (await bob.Http.PutAsJsonAsync($"/api/groups/{group.Id}", new { name = "bob's now", description = "" })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await alice.Http.PutAsJsonAsync($"/api/groups/{group.Id}", new { name = "mine again", description = "" })).StatusCode);
            Assert.Equal("bob's now", (await carol.GroupsUpdated.WaitAsync(g => g.Name == "bob's now")).Name);
            AssertNothingReached(dave);
        }
        finally
        {
            await DisposeAllAsync(alice, bob, carol, dave);
        }
    }

    [Fact]
    public async Task AHandOverIsRefusedToOutsidersToANonMemberAndWithoutATarget()
    {
        var (group, alice, bob, carol, dave) = await GroupOfThreeAsync();
        try
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await dave.Http.PutAsJsonAsync($"/api/groups/{group.Id}/creator", new { userId = dave.Id })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await bob.Http.PutAsJsonAsync($"/api/groups/{group.Id}/creator", new { userId = bob.Id })).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await alice.Http.PutAsJsonAsync($"/api/groups/{group.Id}/creator", new { userId = dave.Id })).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await alice.Http.PutAsJsonAsync($"/api/groups/{group.Id}/creator", new { })).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await alice.Http.PutAsJsonAsync($"/api/groups/{int.MaxValue}/creator", new { userId = bob.Id })).StatusCode);

            Assert.Equal("creator", RoleOf(await alice.GetAsync<WireGroup>($"/api/groups/{group.Id}"), alice.Id));
            Assert.Empty(alice.GroupsUpdated.Items);
            AssertNothingReached(dave);
        }
        finally
        {
            await DisposeAllAsync(alice, bob, carol, dave);
        }
    }

    [Fact]
    public async Task WhenTheCreatorLeavesTheLongestStandingMemberBecomesCreator()
    {
        var (group, alice, bob, carol, dave) = await GroupOfThreeAsync();
        try
        {
            await alice.Hub.InvokeAsync("LeaveGroup", group.Id);

            var seenByCarol = await carol.GroupsUpdated.WaitAsync(g => g.Id == group.Id);
            Assert.Equal(("creator", "normal", 2), (RoleOf(seenByCarol, bob.Id), RoleOf(seenByCarol, carol.Id), seenByCarol.MemberCount));
            Assert.Equal("creator", RoleOf(await bob.GroupsUpdated.WaitAsync(g => g.Id == group.Id), bob.Id));
            Assert.Equal(HttpStatusCode.NoContent, (await bob.Http.DeleteAsync($"/api/groups/{group.Id}/members/{carol.Id}")).StatusCode);
            AssertNothingReached(dave);
        }
        finally
        {
            await DisposeAllAsync(alice, bob, carol, dave);
        }
    }

    [Fact]
    public async Task WhenTheLastMemberLeavesTheGroupIsDeletedAndTheyAreTold()
    {
        await using var alice = await app.ConnectedUserAsync("alone");
        var group = await alice.CreateGroupAsync("short-lived");

        await alice.Hub.InvokeAsync("LeaveGroup", group.Id);

        Assert.Equal(group.Id, (await alice.GroupsDeleted.WaitAsync(d => true)).GroupId);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.Http.GetAsync($"/api/groups/{group.Id}")).StatusCode);
    }

    [Fact]
    public async Task ABannedMemberIsRemovedAndCannotJoinAgainUntilTheBanIsLifted()
    {
        var (group, alice, bob, carol, dave) = await GroupOfThreeAsync();
        try
        {
            Assert.Equal(HttpStatusCode.NoContent, (await alice.Http.PutAsync($"/api/groups/{group.Id}/bans/{bob.Id}", null)).StatusCode);

            await carol.MembersLeft.WaitAsync(l => l.GroupId == group.Id && l.UserId == bob.Id);
            await bob.MembersLeft.WaitAsync(l => l.GroupId == group.Id && l.UserId == bob.Id);
            var rejoin = await Assert.ThrowsAsync<HubException>(() => bob.JoinGroupAsync(group.Id));
            Assert.Contains("banned", rejoin.Message);
            Assert.Equal(HttpStatusCode.Forbidden, (await bob.Http.PostAsync($"/api/groups/{group.Id}/members", null)).StatusCode);
            await Assert.ThrowsAsync<HubException>(() => bob.SendGroupAsync(group.Id, "let me back"));
            Assert.Equal([bob.Id], (await alice.GetAsync<List<UserRef>>($"/api/groups/{group.Id}/bans")).Select(b => b.Id));
            Assert.DoesNotContain((await alice.GetAsync<WireGroup>($"/api/groups/{group.Id}")).Members!, m => m.Id == bob.Id);

            Assert.Equal(HttpStatusCode.NoContent, (await alice.Http.DeleteAsync($"/api/groups/{group.Id}/bans/{bob.Id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await alice.Http.DeleteAsync($"/api/groups/{group.Id}/bans/{bob.Id}")).StatusCode);
            Assert.Equal(group.Id, (await bob.JoinGroupAsync(group.Id)).Id);
            AssertNothingReached(dave);
        }
        finally
        {
            await DisposeAllAsync(alice, bob, carol, dave);
        }
    }

    [Fact]
    public async Task BansAreForTheCreatorOrAnAdminAndNeverOfTheCreator()
    {
        var (group, alice, bob, carol, dave) = await GroupOfThreeAsync();
        using var admin = app.CreateHttpClient((await app.LoginAsync(ChatAppFactory.AdminName)).AccessToken);
        try
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await bob.Http.PutAsync($"/api/groups/{group.Id}/bans/{carol.Id}", null)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await dave.Http.GetAsync($"/api/groups/{group.Id}/bans")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await bob.Http.DeleteAsync($"/api/groups/{group.Id}/bans/{carol.Id}")).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await alice.Http.PutAsync($"/api/groups/{group.Id}/bans/{alice.Id}", null)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await alice.Http.PutAsync($"/api/groups/{group.Id}/bans/{int.MaxValue}", null)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await alice.Http.GetAsync($"/api/groups/{int.MaxValue}/bans")).StatusCode);
            Assert.Empty(await alice.GetAsync<List<UserRef>>($"/api/groups/{group.Id}/bans"));
            Assert.Equal(3, (await alice.GetAsync<WireGroup>($"/api/groups/{group.Id}")).MemberCount);

            // An admin may, on any group: ban, and take the group over.
            Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsync($"/api/groups/{group.Id}/bans/{dave.Id}", null)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/groups/{group.Id}/creator", new { userId = carol.Id })).StatusCode);
            Assert.Equal("creator", RoleOf(await carol.GroupsUpdated.WaitAsync(g => g.Id == group.Id), carol.Id));
            AssertNothingReached(dave);
        }
        finally
        {
            await DisposeAllAsync(alice, bob, carol, dave);
        }
    }

    [Fact]
    public async Task RenamingAndDeletingThroughRestTellEveryMember()
    {
        var (group, alice, bob, carol, dave) = await GroupOfThreeAsync();
        try
        {
            await alice.Http.PutAsJsonAsync($"/api/groups/{group.Id}", new { name = "renamed", description = "new words" });
            Assert.Equal(("renamed", "new words"), await bob.GroupsUpdated.WaitAsync(g => g.Id == group.Id) is var g ? (g.Name, g.Description) : default);

            Assert.Equal(HttpStatusCode.NoContent, (await alice.Http.DeleteAsync($"/api/groups/{group.Id}")).StatusCode);

            foreach (var member in new[] { alice, bob, carol })
            {
                Assert.Equal(group.Id, (await member.GroupsDeleted.WaitAsync(d => d.GroupId == group.Id)).GroupId);
                // Version-1 clients still learn it as every member leaving.
                await member.MembersLeft.WaitAsync(l => l.GroupId == group.Id && l.UserId == member.Id);
            }

            AssertNothingReached(dave);
        }
        finally
        {
            await DisposeAllAsync(alice, bob, carol, dave);
        }
    }
}

[Trait("Database", "Sqlite")]
public sealed class SqliteGroupModerationTests(SqliteChatApp app) : GroupModerationTests(app), IClassFixture<SqliteChatApp>;

[Trait("Database", "MariaDb")]
public sealed class MariaDbGroupModerationTests(MariaDbChatApp app) : GroupModerationTests(app), IClassFixture<MariaDbChatApp>;
