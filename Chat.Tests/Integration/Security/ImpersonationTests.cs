using System.Net.Http.Json;
using Chat.Server.Data;
using Chat.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Chat.Tests.Integration.Security;

/// <summary>S2: every call that creates data records the caller of the token, whatever ids the request claims.</summary>
[Trait("Database", "Sqlite")]
public sealed class ImpersonationTests(SqliteChatApp app, ITestOutputHelper output) : IClassFixture<SqliteChatApp>
{
    [Fact]
    public async Task EveryStoredRowNamesTheCallerWhateverTheRequestClaims()
    {
        await using var mallory = await app.ConnectedUserAsync("mallory");
        await using var bob = await app.ConnectedUserAsync("bob");
        await using var carol = await app.ConnectedUserAsync("carol");
        await using var raw = await RawHub.ConnectAsync(app.BaseAddress, mallory.Tokens.AccessToken);

        // Plain calls, then the same calls claiming to be bob: extra JSON fields in the hub frame and REST bodies.
        var friend = await mallory.AddFriendAsync(carol.Id);
        var direct = await mallory.SendDirectAsync(carol.Id, "from mallory");
        var hubGroup = await mallory.CreateGroupAsync("mallory's hub group");
        var restGroup = await (await mallory.Http.PostAsJsonAsync("/api/groups",
            new { name = "mallory's rest group", description = "", creatorId = bob.Id, userId = bob.Id, senderId = bob.Id }))
            .Content.ReadFromJsonAsync<WireGroup>();
        var bobsGroup = await bob.CreateGroupAsync("bob's group");
        (await mallory.Http.PostAsJsonAsync($"/api/groups/{bobsGroup.Id}/members", new { userId = carol.Id, senderId = bob.Id }))
            .EnsureSuccessStatusCode();
        var inGroup = await mallory.SendGroupAsync(bobsGroup.Id, "in bob's group");
        var smuggled = await raw.InvokeAsync(
            $$"""{"type":1,"invocationId":"s1","target":"SendDirect","arguments":[{{carol.Id}},"I am bob","smuggled-1"],"senderId":{{bob.Id}},"userId":{{bob.Id}},"headers":{"senderId":"{{bob.Id}}"} }""",
            "s1");
        var smuggledGroup = await raw.InvokeAsync(
            $$"""{"type":1,"invocationId":"s2","target":"SendGroup","arguments":[{{bobsGroup.Id}},"I am bob too","smuggled-2"],"senderId":{{bob.Id}}}""",
            "s2");

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
        var messages = await db.Messages.ToListAsync();
        var groups = await db.Groups.ToListAsync();
        var memberships = await db.GroupMembers.ToListAsync();
        var friendships = await db.Friends.ToListAsync();
        var calls = 0;
        var wrong = 0;
        Check(direct.SenderId == mallory.Id);
        Check(inGroup.SenderId == mallory.Id);
        Check(smuggled?.GetProperty("result").GetProperty("senderId").GetInt32() == mallory.Id);
        Check(smuggledGroup?.GetProperty("result").GetProperty("senderId").GetInt32() == mallory.Id);
        foreach (var text in new[] { "from mallory", "in bob's group", "I am bob", "I am bob too" })
        {
            Check(messages.Single(m => m.Text == text).SenderId == mallory.Id);
        }

        Check(groups.Single(g => g.Id == hubGroup.Id).CreatorId == mallory.Id);
        Check(groups.Single(g => g.Id == restGroup!.Id).CreatorId == mallory.Id);
        Check(groups.Single(g => g.Id == bobsGroup.Id).CreatorId == bob.Id);
        Check(memberships.Where(m => m.GroupId == bobsGroup.Id).Select(m => m.UserId).Order().SequenceEqual(new[] { bob.Id, mallory.Id }.Order()));
        Check(memberships.Where(m => m.GroupId == restGroup!.Id).Select(m => m.UserId).SequenceEqual([mallory.Id]));
        var mallorysFriendships = friendships.Where(f => f.UserId == mallory.Id || f.FriendId == mallory.Id).ToList();
        Check(friend.Id == carol.Id && mallorysFriendships.Count > 0 &&
              mallorysFriendships.All(f => new[] { f.UserId, f.FriendId }.Order().SequenceEqual(new[] { mallory.Id, carol.Id }.Order())));

        output.WriteLine($"S2 impersonation: calls={calls} rowsChecked={messages.Count + groups.Count + memberships.Count + friendships.Count} " +
            $"senderNotCaller={wrong}");
        Assert.Equal(0, wrong);

        void Check(bool callerRecorded)
        {
            calls++;
            wrong += callerRecorded ? 0 : 1;
        }
    }
}
