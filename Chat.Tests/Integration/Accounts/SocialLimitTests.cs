using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chat.Server.Data;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Chat.Tests.Integration.Accounts;

/// <summary>A node with low limits on making friends and groups.</summary>
public sealed class LimitedChatApp : SqliteChatApp
{
    public const int FriendAdds = 3;
    public const int GroupsPerHour = 4;
    public const int GroupsOwned = 2;

    public LimitedChatApp()
    {
        Set("Limits:FriendAddsPerMinute", FriendAdds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Set("Limits:GroupsCreatedPerHour", GroupsPerHour.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Set("Limits:GroupsOwned", GroupsOwned.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary>One user cannot befriend everyone, list everyone, or fill every Sync with groups.</summary>
[Trait("Database", "Sqlite")]
public sealed class SocialLimitTests(LimitedChatApp app, ITestOutputHelper output) : IClassFixture<LimitedChatApp>
{
    [Fact]
    public async Task AddFriendBeyondTheLimitIsRefusedAndWritesNothing()
    {
        await using var collector = await app.ConnectedUserAsync("collector");
        var others = new List<ChatClient>();
        for (var i = 0; i <= LimitedChatApp.FriendAdds; i++)
        {
            others.Add(await app.UserAsync("target"));
        }

        foreach (var other in others.Take(LimitedChatApp.FriendAdds))
        {
            await collector.AddFriendAsync(other.Id);
        }

        var last = others[^1].Id;
        var error = await Assert.ThrowsAsync<HubException>(() => collector.AddFriendAsync(last));

        output.WriteLine($"S10 friends: added={LimitedChatApp.FriendAdds} refused=1 message=\"{error.Message}\"");
        Assert.Contains("too fast", error.Message);
        Assert.Equal(0, await CountAsync(db => db.Friends.CountAsync(f => f.UserId == last || f.FriendId == last)));
        Assert.Equal(LimitedChatApp.FriendAdds, (await collector.SyncAsync(long.MaxValue)).Friends.Count);
        await DisposeAllAsync(others);
    }

    [Theory]
    [InlineData("?name=")]
    [InlineData("?name=%20%20")]
    [InlineData("")]
    public async Task AnEmptySearchIsRefused(string query)
    {
        await using var searcher = await app.UserAsync("searcher");

        var response = await searcher.Http.GetAsync($"/api/users{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
    }

    [Fact]
    public async Task GroupsBeyondTheCapOrTheRateAreRefusedAndWriteNothing()
    {
        await using var maker = await app.UserAsync("maker");
        var first = await CreateAsync(maker, HttpStatusCode.Created);
        await CreateAsync(maker, HttpStatusCode.Created);

        var overCap = await CreateAsync(maker, HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.NoContent, (await maker.Http.DeleteAsync($"/api/groups/{first.GetProperty("id").GetInt32()}")).StatusCode);
        await CreateAsync(maker, HttpStatusCode.Created);
        var overRate = await maker.Http.PostAsJsonAsync("/api/groups", new { name = ChatAppFactory.UniqueName("more") });
        await maker.ConnectAsync();
        var hubError = await Assert.ThrowsAsync<HubException>(() => maker.CreateGroupAsync(ChatAppFactory.UniqueName("hub")));

        output.WriteLine($"S10 groups: owned={LimitedChatApp.GroupsOwned} overCap={overCap.GetProperty("status")} overRate={(int)overRate.StatusCode} " +
            $"retryAfter={overRate.Headers.RetryAfter?.Delta?.TotalSeconds}s");
        Assert.Contains("own 2 groups", overCap.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.TooManyRequests, overRate.StatusCode);
        Assert.InRange(overRate.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Assert.Contains("too fast", (await overRate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Contains("too fast", hubError.Message);
        Assert.Equal(LimitedChatApp.GroupsOwned, await CountAsync(db => db.Groups.CountAsync(g => g.CreatorId == maker.Id)));
    }

    private static async Task<JsonElement> CreateAsync(ChatClient user, HttpStatusCode expected)
    {
        var response = await user.Http.PostAsJsonAsync("/api/groups", new { name = ChatAppFactory.UniqueName("mine") });
        Assert.Equal(expected, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<int> CountAsync(Func<ChatDbContext, Task<int>> count)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await count(scope.ServiceProvider.GetRequiredService<ChatDbContext>());
    }

    private static async Task DisposeAllAsync(IEnumerable<ChatClient> clients)
    {
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
    }
}
