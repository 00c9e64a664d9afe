using System.Net;
using System.Net.Http.Json;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Tests.Integration.Realtime;

public abstract class HubSafetyTests(ChatAppFactory app)
{
    [Fact]
    public async Task LogoutClosesEveryConnectionOfTheCallerAndNoOneElses()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var aliceSecondTab = await alice.AnotherConnectionAsync();
        await using var bob = await app.ConnectedUserAsync("bob");
        await using var carol = await app.ConnectedUserAsync("carol");
        await bob.AddFriendAsync(carol.Id);

        var logout = await Record.ExceptionAsync(() => alice.Hub.InvokeAsync("Logout"));
        await alice.Closed.WaitAsync(_ => true);
        await aliceSecondTab.Closed.WaitAsync(_ => true);
        var afterLogout = await bob.SendDirectAsync(carol.Id, "still chatting");

        Assert.False(logout is HubException, $"Logout was refused: {logout?.Message}");
        Assert.Equal(afterLogout, await carol.Messages.WaitAsync(m => m.Id == afterLogout.Id));
        Assert.Equal(HubConnectionState.Connected, bob.Hub.State);
        Assert.Empty(bob.Closed.Items);
        Assert.Empty(carol.Closed.Items);
    }

    [Fact]
    public async Task AfterLogoutTheRefreshTokenAndTheOldAccessTokenAreRefused()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var reconnect = new ChatClient(app, alice.Tokens);
        using var anonymous = app.CreateHttpClient();
        var refreshBefore = await anonymous.PostAsJsonAsync("/api/account/refresh", new { alice.Tokens.RefreshToken });

        await Record.ExceptionAsync(() => alice.Hub.InvokeAsync("Logout"));
        await alice.Closed.WaitAsync(_ => true);
        var refreshAfter = await anonymous.PostAsJsonAsync("/api/account/refresh", new { alice.Tokens.RefreshToken });
        var connectError = await Record.ExceptionAsync(reconnect.ConnectAsync);
        var syncError = await Record.ExceptionAsync(() => reconnect.SyncAsync(long.MaxValue));
        if (connectError is null)
        {
            await reconnect.Closed.WaitAsync(_ => true);
        }

        Assert.Equal(HttpStatusCode.OK, refreshBefore.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refreshAfter.StatusCode);
        Assert.True(connectError is not null || syncError is not null, "A connection with the logged-out access token was accepted and served Sync.");
        Assert.False(syncError is HubException, $"Sync on a logged-out connection reached the hub: {syncError?.Message}");
    }

    [Fact]
    public async Task SentMessagesAreStoredWithTheCallerAsSender()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var bob = await app.ConnectedUserAsync("bob");
        await alice.AddFriendAsync(bob.Id);
        var group = await alice.CreateGroupAsync("who said it");
        await bob.JoinGroupAsync(group.Id);

        var direct = await alice.SendDirectAsync(bob.Id, "from alice");
        var inGroup = await bob.SendGroupAsync(group.Id, "from bob");

        var directStored = Assert.Single(await bob.DirectHistoryAsync(alice.Id, null, 50));
        Assert.Equal((direct.Id, alice.Id, alice.Name, (int?)bob.Id), (directStored.Id, directStored.SenderId, directStored.SenderName, directStored.RecipientId));
        var groupStored = Assert.Single(await alice.GroupHistoryAsync(group.Id, null, 50));
        Assert.Equal((inGroup.Id, bob.Id, bob.Name), (groupStored.Id, groupStored.SenderId, groupStored.SenderName));
        Assert.Equal((alice.Id, bob.Id), (direct.SenderId, inGroup.SenderId));
    }

    [Fact]
    public async Task CreatedAndJoinedGroupsRecordTheCallerAsCreatorAndMember()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var bob = await app.ConnectedUserAsync("bob");
        await using var carol = await app.UserAsync("carol");

        var created = await alice.CreateGroupAsync("made by alice");
        var joined = await bob.JoinGroupAsync(created.Id);

        var stored = await carol.GetAsync<WireGroup>($"/api/groups/{created.Id}");
        Assert.Equal(
            [(alice.Id, "creator"), (bob.Id, "normal")],
            stored.Members!.OrderBy(m => m.Id).Select(m => (m.Id, m.Role)));
        Assert.Equal((alice.Id, "creator"), (created.Members![0].Id, created.Members[0].Role));
        Assert.Contains(joined.Members!, m => m.Id == bob.Id && m.Role == "normal");
    }

    [Theory]
    [InlineData("a string where the user id goes")]
    [InlineData("too few arguments")]
    [InlineData("an extra argument claiming another sender")]
    [InlineData("an unknown method")]
    [InlineData("null text")]
    [InlineData("empty text")]
    [InlineData("whitespace text")]
    [InlineData("4001-char text")]
    [InlineData("null clientMessageId")]
    [InlineData("empty clientMessageId")]
    [InlineData("65-char clientMessageId")]
    public async Task MalformedCallIsRefusedWithAReadableErrorAndTheConnectionStaysUsable(string call)
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var bob = await app.ConnectedUserAsync("bob");
        await using var carol = await app.ConnectedUserAsync("carol");
        await alice.AddFriendAsync(bob.Id);
        await alice.AddFriendAsync(carol.Id);

        var error = await Assert.ThrowsAsync<HubException>(() => InvokeMalformedAsync(alice, bob.Id, carol.Id, call));
        var valid = await alice.SendDirectAsync(bob.Id, "still here");
        await bob.Messages.WaitAsync(m => m.Id == valid.Id);

        Assert.True(error.Message.Contains(ExpectedReason(call), StringComparison.OrdinalIgnoreCase),
            $"The error for {call} does not say why: \"{error.Message}\"");
        Assert.DoesNotContain("   at ", error.Message);
        Assert.Equal([valid.Id], (await bob.DirectHistoryAsync(alice.Id, null, 50)).Select(m => m.Id));
        Assert.Empty(await carol.DirectHistoryAsync(alice.Id, null, 50));
        Assert.Equal([valid.Id], bob.Messages.Items.Select(m => m.Id));
        Assert.Empty(alice.Closed.Items);
        Assert.Empty(bob.Closed.Items);
    }

    [Fact]
    public async Task TextOfExactlyFourThousandCharactersIsAccepted()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var bob = await app.ConnectedUserAsync("bob");
        await alice.AddFriendAsync(bob.Id);
        var text = new string('x', 4000);

        var sent = await alice.SendDirectAsync(bob.Id, text);

        Assert.Equal(text, (await bob.Messages.WaitAsync(m => m.Id == sent.Id)).Text);
    }

    [Fact]
    public async Task OversizedFrameClosesOnlyTheSendersConnection()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var bob = await app.ConnectedUserAsync("bob");
        await using var carol = await app.ConnectedUserAsync("carol");
        await alice.AddFriendAsync(bob.Id);
        await bob.AddFriendAsync(carol.Id);

        var oversized = await Record.ExceptionAsync(() => alice.SendDirectAsync(bob.Id, new string('x', 40_000)));
        await alice.Closed.WaitAsync(_ => true);
        var fromBob = await bob.SendDirectAsync(carol.Id, "are you still there?");
        var fromCarol = await carol.SendDirectAsync(bob.Id, "yes");

        Assert.NotNull(oversized);
        Assert.Equal(fromBob, await carol.Messages.WaitAsync(m => m.Id == fromBob.Id));
        Assert.Equal(fromCarol, await bob.Messages.WaitAsync(m => m.Id == fromCarol.Id));
        Assert.Empty(await bob.DirectHistoryAsync(alice.Id, null, 50));
        Assert.DoesNotContain(bob.Messages.Items, m => m.SenderId == alice.Id);
        Assert.Empty(bob.Closed.Items);
        Assert.Empty(carol.Closed.Items);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-token")]
    public async Task ConnectingWithoutAValidTokenFails(string? token)
    {
        await using var connection = app.CreateHubConnection(token);

        var error = await Record.ExceptionAsync(() => connection.StartAsync());

        Assert.NotNull(error);
        Assert.Contains("401", error.Message);
        Assert.Equal(HubConnectionState.Disconnected, connection.State);
    }

    private static Task InvokeMalformedAsync(ChatClient caller, int friendId, int otherFriendId, string call) => call switch
    {
        "a string where the user id goes" => caller.Hub.InvokeAsync<WireMessage>("SendDirect", "notanint", "x", "y"),
        "too few arguments" => caller.Hub.InvokeAsync<WireMessage>("SendDirect", friendId, "x"),
        "an extra argument claiming another sender" =>
            caller.Hub.InvokeAsync<WireMessage>("SendDirect", friendId, "x", Guid.NewGuid().ToString("N"), otherFriendId),
        "an unknown method" => caller.Hub.InvokeAsync<WireMessage>("SendDirectAsAdmin", friendId, "x", "y"),
        "null text" => caller.Hub.InvokeAsync<WireMessage>("SendDirect", friendId, null, Guid.NewGuid().ToString("N")),
        "empty text" => caller.SendDirectAsync(friendId, ""),
        "whitespace text" => caller.SendDirectAsync(friendId, " \t\r\n "),
        "4001-char text" => caller.SendDirectAsync(friendId, new string('x', 4001)),
        "null clientMessageId" => caller.Hub.InvokeAsync<WireMessage>("SendDirect", friendId, "x", null),
        "empty clientMessageId" => caller.SendDirectAsync(friendId, "x", ""),
        "65-char clientMessageId" => caller.SendDirectAsync(friendId, "x", new string('c', 65)),
        _ => throw new ArgumentOutOfRangeException(nameof(call), call, null),
    };

    private static string ExpectedReason(string call) => call switch
    {
        "a string where the user id goes" => "type",
        "too few arguments" or "an extra argument claiming another sender" => "argument",
        "an unknown method" => "does not exist",
        "null text" or "empty text" or "whitespace text" => "text is empty",
        "4001-char text" => "longer than 4000",
        _ => "clientMessageId must be 1 to 64",
    };
}

[Trait("Database", "Sqlite")]
public sealed class SqliteHubSafetyTests(SqliteChatApp app) : HubSafetyTests(app), IClassFixture<SqliteChatApp>;

[Trait("Database", "MariaDb")]
public sealed class MariaDbHubSafetyTests(MariaDbChatApp app) : HubSafetyTests(app), IClassFixture<MariaDbChatApp>;
