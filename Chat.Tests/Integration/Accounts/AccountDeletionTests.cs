using System.Net;
using System.Net.Http.Json;
using Chat.Tests.Infrastructure;

namespace Chat.Tests.Integration.Accounts;

/// <summary>An account deleted by its owner or an admin: it can no longer sign in, what it held alone is gone,
/// its messages stay in other people's history as "Deleted user" (or emptied), and its name is free again.</summary>
public abstract class AccountDeletionTests(ChatAppFactory app)
{
    private const string DeletedName = "Deleted user";

    private static Task<HttpResponseMessage> DeleteOwnAsync(ChatClient user, string password, bool erase = false) =>
        user.Http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/account") { Content = JsonContent.Create(new { password, erase }) });

    private async Task<HttpClient> AdminAsync() => app.CreateHttpClient((await app.LoginAsync(ChatAppFactory.AdminName)).AccessToken);

    [Fact]
    public async Task ADeletedAccountEndsItsSessionsFriendshipsAndMembershipsAndItsMessagesStayAsDeletedUser()
    {
        await using var carol = await app.ConnectedUserAsync("carol");
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var dave = await app.UserAsync("dave");
        await alice.AddFriendAsync(carol.Id);
        var club = await carol.CreateGroupAsync(ChatAppFactory.UniqueName("club"));
        var solo = await carol.CreateGroupAsync(ChatAppFactory.UniqueName("solo"));
        await alice.JoinGroupAsync(club.Id);
        var direct = await carol.SendDirectAsync(alice.Id, "hi alice");
        var inGroup = await carol.SendGroupAsync(club.Id, "hi club");
        await alice.Messages.WaitAsync(m => m.Id == inGroup.Id);
        Assert.Equal(HttpStatusCode.NoContent, (await carol.Http.PutAsync($"/api/account/blocks/{dave.Id}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await dave.Http.PutAsync($"/api/account/blocks/{carol.Id}", null)).StatusCode);
        using var anonymous = app.CreateHttpClient();

        var deleted = await DeleteOwnAsync(carol, ChatAppFactory.Password);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await carol.Closed.WaitAsync(_ => true, TimeSpan.FromSeconds(2));
        Assert.Equal(carol.Id, (await alice.FriendsRemoved.WaitAsync(r => true)).UserId);
        Assert.Equal(carol.Id, (await alice.MembersLeft.WaitAsync(l => l.GroupId == club.Id)).UserId);
        var handedOver = await alice.GroupsUpdated.WaitAsync(g => g.Id == club.Id);
        Assert.Equal(("creator", 1), (handedOver.Members!.Single(m => m.Id == alice.Id).Role, handedOver.MemberCount));
        Assert.Equal(HttpStatusCode.NotFound, (await alice.Http.GetAsync($"/api/groups/{solo.Id}")).StatusCode);
        // Its messages keep their place, under a sender who no longer has a name (direct history needs a
        // friendship, so the direct one is read back through catch-up).
        var history = (await alice.SyncAsync(0)).Messages.Where(m => m.SenderId == carol.Id && m.Kind == "direct").ToList();
        var groupHistory = await alice.GroupHistoryAsync(club.Id, null, 10);
        Assert.Equal((direct.Id, DeletedName, "hi alice"), (history.Single().Id, history.Single().SenderName, history.Single().Text));
        Assert.Equal((inGroup.Id, DeletedName, "hi club"), (groupHistory.Single().Id, groupHistory.Single().SenderName, groupHistory.Single().Text));
        Assert.Empty((await alice.SyncAsync()).Friends);
        Assert.Empty(await dave.GetAsync<List<UserRef>>("/api/account/blocks"));
        // No way back in, and nobody finds it.
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await anonymous.PostAsJsonAsync("/api/account/login", new { name = carol.Name, password = ChatAppFactory.Password })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/account/refresh", new { carol.Tokens.RefreshToken })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await carol.Http.GetAsync("/api/account/me")).StatusCode);
        Assert.Empty(await alice.GetAsync<List<WireFriend>>($"/api/users?name={carol.Name}"));
        await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => alice.AddFriendAsync(carol.Id));
    }

    [Fact]
    public async Task ADeletedAccountsNameCanBeRegisteredAgainAndTheNewAccountSeesNothingOfTheOld()
    {
        await using var old = await app.ConnectedUserAsync("reused");
        await using var alice = await app.ConnectedUserAsync("alice");
        await alice.AddFriendAsync(old.Id);
        var group = await old.CreateGroupAsync(ChatAppFactory.UniqueName("old"));
        await alice.JoinGroupAsync(group.Id);
        await alice.SendDirectAsync(old.Id, "for the old account");
        Assert.Equal(HttpStatusCode.NoContent, (await DeleteOwnAsync(old, ChatAppFactory.Password)).StatusCode);

        await using var renewed = await new ChatClient(app, await app.RegisterAndLoginAsync(old.Name)).ConnectAsync();
        var sync = await renewed.SyncAsync(0);

        Assert.NotEqual(old.Id, renewed.Id);
        Assert.Empty(sync.Friends);
        Assert.Empty(sync.Groups);
        Assert.Empty(sync.Messages);
        Assert.Equal(renewed.Id, (await alice.GetAsync<List<WireFriend>>($"/api/users?name={old.Name}")).Single().Id);
    }

    [Fact]
    public async Task EraseEmptiesEveryMessageTheAccountSentAndKeepsTheirPlace()
    {
        await using var carol = await app.ConnectedUserAsync("eraser");
        await using var alice = await app.ConnectedUserAsync("alice");
        await alice.AddFriendAsync(carol.Id);
        var asked = await alice.SendDirectAsync(carol.Id, "question");
        var answered = await carol.SendDirectAsync(alice.Id, "secret answer");

        Assert.Equal(HttpStatusCode.NoContent, (await DeleteOwnAsync(carol, ChatAppFactory.Password, erase: true)).StatusCode);

        var history = (await alice.SyncAsync(0)).Messages;
        Assert.Equal([asked.Id, answered.Id], history.Select(m => m.Id));
        Assert.Equal(("question", (DateTime?)null), (history[0].Text, history[0].DeletedAt));
        Assert.Equal(("", DeletedName), (history[1].Text, history[1].SenderName));
        Assert.NotNull(history[1].DeletedAt);
        // Erased as DeleteMessage does it: a client that already had the message learns in its catch-up.
        var caughtUp = await alice.SyncAsync(answered.Id);
        Assert.Equal(("", answered.Id), caughtUp.Updates!.Single() is var u ? (u.Text, u.Id) : default);
        Assert.True(caughtUp.Updates!.Single().ChangeId > answered.Id);
    }

    [Fact]
    public async Task AWrongOrMissingPasswordDeletesNothing()
    {
        await using var user = await app.UserAsync("keeper");

        var wrong = await DeleteOwnAsync(user, "not my password");
        var missing = await user.Http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/account") { Content = JsonContent.Create(new { erase = true }) });

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await user.Http.GetAsync("/api/account/me")).StatusCode);
        await app.LoginAsync(user.Name);
    }

    [Fact]
    public async Task AnAdminDeletesAnAccountWithItsMessagesAndNobodyElseCan()
    {
        await using var target = await app.ConnectedUserAsync("target");
        await using var alice = await app.ConnectedUserAsync("alice");
        await alice.AddFriendAsync(target.Id);
        var sent = await target.SendDirectAsync(alice.Id, "to be erased");
        using var admin = await AdminAsync();

        var byStranger = await alice.Http.DeleteAsync($"/api/admin/users/{target.Id}");
        Assert.Equal(HttpStatusCode.Forbidden, byStranger.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await target.Http.GetAsync("/api/account/me")).StatusCode);

        var deleted = await admin.DeleteAsync($"/api/admin/users/{target.Id}?erase=true");
        var again = await admin.DeleteAsync($"/api/admin/users/{target.Id}");
        var unknown = await admin.DeleteAsync("/api/admin/users/999999");

        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NoContent, HttpStatusCode.NotFound), (deleted.StatusCode, again.StatusCode, unknown.StatusCode));
        await target.Closed.WaitAsync(_ => true, TimeSpan.FromSeconds(2));
        var erased = (await alice.SyncAsync(0)).Messages.Single();
        Assert.Equal((sent.Id, "", DeletedName), (erased.Id, erased.Text, erased.SenderName));
        var listed = await admin.GetFromJsonAsync<WireAdminUserPage>($"/api/admin/users?name={target.Name}");
        Assert.Equal(0, listed!.Total);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync($"/api/admin/users/{target.Id}/disabled", new { disabled = true })).StatusCode);
    }
}

[Trait("Database", "Sqlite")]
public sealed class SqliteAccountDeletionTests(SqliteChatApp app) : AccountDeletionTests(app), IClassFixture<SqliteChatApp>;

[Trait("Database", "MariaDb")]
public sealed class MariaDbAccountDeletionTests(MariaDbChatApp app) : AccountDeletionTests(app), IClassFixture<MariaDbChatApp>;
