using System.Net;
using System.Net.Http.Json;
using Chat.Server.Data;
using Chat.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Tests.Integration.Authorization;

/// <summary>One group with its creator, a member, a member whose account an admin disabled, the target T and the
/// watcher W (members, each listening on its own connection), B (banned by the creator and blocked by them), a
/// stranger, and the site admin (not a member). Every name starts with <see cref="Tag"/>.</summary>
internal sealed class AuthorizationScene(ChatAppFactory app, string tag, HttpClient admin, IReadOnlyDictionary<string, ChatClient> users)
    : IAsyncDisposable
{
    public ChatAppFactory App => app;
    public string Tag => tag;
    public HttpClient Admin => admin;
    public ChatClient Creator => users["creator"];
    public ChatClient Member => users["member"];
    public ChatClient Disabled => users["disabled"];
    public ChatClient Target => users["target"];
    public ChatClient Watcher => users["watcher"];
    public ChatClient Banned => users["banned"];
    public ChatClient Stranger => users["stranger"];
    public required WireGroup Group { get; init; }

    public Aim Aim => new(Group.Id, Target.Id, Banned.Id, Target.Name);

    public HttpClient ClientOf(Actors actor) => actor switch
    {
        Actors.Stranger => Stranger.Http,
        Actors.Member => Member.Http,
        Actors.Creator => Creator.Http,
        Actors.Admin => Admin,
        Actors.Disabled => Disabled.Http,
        _ => throw new ArgumentOutOfRangeException(nameof(actor)),
    };

    public static async Task<AuthorizationScene> StartAsync(ChatAppFactory app)
    {
        var tag = $"az{Guid.NewGuid():N}"[..10];
        var users = new Dictionary<string, ChatClient>();
        // One after another: each costs a password hash, and the point here is authorization, not concurrency.
        foreach (var role in new[] { "creator", "member", "disabled", "target", "watcher", "banned", "stranger" })
        {
            users[role] = new ChatClient(app, await app.RegisterAndLoginAsync($"{tag}-{role}"));
        }

        var admin = app.CreateHttpClient((await app.LoginAsync(ChatAppFactory.AdminName)).AccessToken);
        var scene = new AuthorizationScene(app, tag, admin, users) { Group = await CreateGroupAsync(users["creator"], $"{tag} matrix") };
        await JoinAsync(scene.Member, scene.Group.Id);
        await JoinAsync(scene.Disabled, scene.Group.Id);
        await ExpectAsync(HttpStatusCode.NoContent, scene.Disabled.Http.PutAsync($"/api/account/blocks/{scene.Target.Id}", null));
        await ExpectAsync(HttpStatusCode.NoContent, scene.Creator.Http.PutAsync($"/api/account/blocks/{scene.Banned.Id}", null));
        await ExpectAsync(HttpStatusCode.NoContent, scene.Creator.Http.PutAsync($"/api/groups/{scene.Group.Id}/bans/{scene.Banned.Id}", null));
        await ExpectAsync(HttpStatusCode.OK, admin.PutAsJsonAsync($"/api/admin/users/{scene.Disabled.Id}/disabled", new { disabled = true }));
        await ExpectAsync(HttpStatusCode.Unauthorized, scene.Disabled.Http.GetAsync("/api/account/me"));
        // The listeners join last, so that nothing of the setting up reaches them.
        foreach (var listener in new[] { scene.Target, scene.Watcher })
        {
            await listener.ConnectAsync();
            await listener.JoinGroupAsync(scene.Group.Id);
        }

        return scene;
    }

    /// <summary>A new group of the creator's, with T a member and B banned: what one allowed call may use up.</summary>
    public async Task<Aim> FreshGroupAsync(string name)
    {
        var group = await CreateGroupAsync(Creator, $"{tag} {name}");
        await JoinAsync(Target, group.Id);
        await ExpectAsync(HttpStatusCode.NoContent, Creator.Http.PutAsync($"/api/groups/{group.Id}/bans/{Banned.Id}", null));
        return Aim with { Group = group.Id };
    }

    /// <summary>What the matrix could have changed, read through the API as the creator and the admin, and
    /// straight from the tables (account rows, and the row counts of everything the routes write).</summary>
    public async Task<string> SnapshotAsync()
    {
        var group = await Creator.GetAsync<WireGroup>($"/api/groups/{Group.Id}");
        var bans = await Creator.GetAsync<List<UserRef>>($"/api/groups/{Group.Id}/bans");
        var accounts = (await admin.GetFromJsonAsync<WireAdminUserPage>($"/api/admin/users?name={tag}&pageSize=200"))!.Items;
        var blocks = new List<string>();
        foreach (var (role, user) in users.Where(u => u.Key != "disabled"))
        {
            blocks.Add($"{role}:[{string.Join(",", await MatrixAction.BlockedByAsync(user.Http))}]");
        }

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
        var rows = (await db.Users.Where(u => u.UserName!.StartsWith(tag)).OrderBy(u => u.Id)
                .Select(u => new { u.Id, u.UserName, u.PasswordHash, u.SecurityStamp, u.Disabled, u.DeletedAt }).ToListAsync())
            .Select(u => $"{u.Id}:{u.UserName}:{u.PasswordHash}:{u.SecurityStamp}:{u.Disabled}:{u.DeletedAt}");
        var counts = $"users={await db.Users.CountAsync()} groups={await db.Groups.CountAsync()} members={await db.GroupMembers.CountAsync()} " +
            $"bans={await db.GroupBans.CountAsync()} blocks={await db.Blocks.CountAsync()} friends={await db.Friends.CountAsync()} " +
            $"messages={await db.Messages.CountAsync()}";

        return string.Join('\n',
            $"group: {group.Name} | {group.Description} | {string.Join(",", group.Members!.OrderBy(m => m.Id).Select(m => $"{m.Id}:{m.Role}"))}",
            $"bans: {string.Join(",", bans.Select(b => b.Id).Order())}",
            $"accounts: {string.Join(",", accounts.OrderBy(a => a.Id).Select(a => $"{a.Id}:{a.Name}:{a.Admin}:{a.Disabled}:{a.CreatedAt:O}"))}",
            $"blocks: {string.Join(" ", blocks)}",
            $"rows: {string.Join(",", rows)}",
            $"counts: {counts}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var user in users.Values)
        {
            await user.DisposeAsync();
        }

        admin.Dispose();
    }

    private static async Task<WireGroup> CreateGroupAsync(ChatClient creator, string name)
    {
        using var created = await creator.Http.PostAsJsonAsync("/api/groups", new { name, description = "before" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<WireGroup>())!;
    }

    private static Task JoinAsync(ChatClient user, int groupId) =>
        ExpectAsync(HttpStatusCode.OK, user.Http.PostAsync($"/api/groups/{groupId}/members", null));

    private static async Task ExpectAsync(HttpStatusCode expected, Task<HttpResponseMessage> call)
    {
        using var response = await call;
        Assert.Equal(expected, response.StatusCode);
    }
}
