using System.Net;
using System.Net.Http.Json;
using Chat.Tests.Infrastructure;

namespace Chat.Tests.Integration.Authorization;

/// <summary>Who acts on the group and its people.</summary>
[Flags]
internal enum Actors
{
    None = 0,
    Stranger = 1,
    Member = 2,
    Creator = 4,
    Admin = 8,
    Disabled = 16,
}

/// <summary>What a request is aimed at: the group, the target user T (a member), and B (banned from the group,
/// blocked by the creator).</summary>
internal sealed record Aim(int Group, int Target, int Banned, string TargetName);

/// <summary>After an allowed call: the scene, what it was aimed at, and the actor's client.</summary>
internal sealed record Allowed(AuthorizationScene Scene, Aim Aim, HttpClient Actor);

/// <summary>One route of the matrix: how to call it, who may, what they are answered, and how to see that it
/// took effect.</summary>
internal sealed record MatrixAction(
    string Name, HttpMethod Method, Func<Aim, string> Path, Func<Aim, object>? Body, Actors AllowedActors,
    HttpStatusCode Success, Func<Allowed, Task> Took)
{
    public const string NewPassword = "set by the admin in the matrix";

    private const string TakenOver = "taken over";

    private const Actors Moderators = Actors.Creator | Actors.Admin;

    private const Actors SignedIn = Actors.Stranger | Actors.Member | Actors.Creator | Actors.Admin;

    public HttpRequestMessage Request(Aim aim) =>
        new(Method, Path(aim)) { Content = Body is null ? null : JsonContent.Create(Body(aim)) };

    /// <summary>A disabled account's token is refused before any route looks at it; anyone else signed in is
    /// forbidden what they may not do.</summary>
    public static HttpStatusCode RefusalFor(Actors actor) => actor == Actors.Disabled ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden;

    // Ordered so that each allowed call leaves T able to take the next: the account's deletion comes last.
    public static IReadOnlyList<MatrixAction> Admin { get; } =
    [
        new("admin.list", HttpMethod.Get, _ => "/api/admin/users", null, Actors.Admin, HttpStatusCode.OK,
            async c => Assert.Equal(1, (await AccountsNamedAsync(c, c.Aim.TargetName)).Total)),
        new("admin.password", HttpMethod.Put, a => $"/api/admin/users/{a.Target}/password", _ => new { password = NewPassword },
            Actors.Admin, HttpStatusCode.NoContent, c => c.Scene.App.LoginAsync(c.Aim.TargetName, NewPassword)),
        new("admin.disable", HttpMethod.Put, a => $"/api/admin/users/{a.Target}/disabled", _ => new { disabled = true },
            Actors.Admin, HttpStatusCode.OK, async c => Assert.True((await AccountsNamedAsync(c, c.Aim.TargetName)).Items.Single().Disabled)),
        new("admin.delete", HttpMethod.Delete, a => $"/api/admin/users/{a.Target}", null, Actors.Admin, HttpStatusCode.NoContent,
            async c => Assert.Equal(0, (await AccountsNamedAsync(c, c.Aim.TargetName)).Total)),
    ];

    public static IReadOnlyList<MatrixAction> Moderation { get; } =
    [
        new("group.rename", HttpMethod.Put, a => $"/api/groups/{a.Group}", _ => new { name = TakenOver, description = "hijacked" },
            Moderators, HttpStatusCode.OK, async c => Assert.Equal(TakenOver, (await GroupAsync(c))!.Name)),
        new("group.delete", HttpMethod.Delete, a => $"/api/groups/{a.Group}", null, Moderators, HttpStatusCode.NoContent,
            async c => Assert.Null(await GroupAsync(c))),
        new("group.remove", HttpMethod.Delete, a => $"/api/groups/{a.Group}/members/{a.Target}", null, Moderators, HttpStatusCode.NoContent,
            async c => Assert.DoesNotContain((await GroupAsync(c))!.Members!, m => m.Id == c.Aim.Target)),
        new("group.creator", HttpMethod.Put, a => $"/api/groups/{a.Group}/creator", a => new { userId = a.Target }, Moderators, HttpStatusCode.OK,
            async c => Assert.Equal("creator", (await GroupAsync(c))!.Members!.Single(m => m.Id == c.Aim.Target).Role)),
        new("bans.list", HttpMethod.Get, a => $"/api/groups/{a.Group}/bans", null, Moderators, HttpStatusCode.OK,
            async c => Assert.Equal([c.Aim.Banned], await BansAsync(c))),
        new("bans.ban", HttpMethod.Put, a => $"/api/groups/{a.Group}/bans/{a.Target}", null, Moderators, HttpStatusCode.NoContent,
            async c =>
            {
                Assert.Equal(new[] { c.Aim.Target, c.Aim.Banned }.Order(), (await BansAsync(c)).Order());
                Assert.DoesNotContain((await GroupAsync(c))!.Members!, m => m.Id == c.Aim.Target);
            }),
        new("bans.lift", HttpMethod.Delete, a => $"/api/groups/{a.Group}/bans/{a.Banned}", null, Moderators, HttpStatusCode.NoContent,
            async c => Assert.Empty(await BansAsync(c))),
    ];

    public static IReadOnlyList<MatrixAction> Blocks { get; } =
    [
        new("blocks.list", HttpMethod.Get, _ => "/api/account/blocks", null, SignedIn, HttpStatusCode.OK, _ => Task.CompletedTask),
        new("blocks.block", HttpMethod.Put, a => $"/api/account/blocks/{a.Target}", null, SignedIn, HttpStatusCode.NoContent,
            async c => Assert.Contains(c.Aim.Target, await BlockedByAsync(c.Actor))),
        new("blocks.unblock", HttpMethod.Delete, a => $"/api/account/blocks/{a.Target}", null, SignedIn, HttpStatusCode.NoContent,
            async c => Assert.DoesNotContain(c.Aim.Target, await BlockedByAsync(c.Actor))),
    ];

    public static IReadOnlyList<MatrixAction> All { get; } = [.. Admin, .. Moderation, .. Blocks];

    public static async Task<List<int>> BlockedByAsync(HttpClient user) =>
        [.. (await user.GetFromJsonAsync<List<UserRef>>("/api/account/blocks"))!.Select(b => b.Id).Order()];

    private static async Task<WireAdminUserPage> AccountsNamedAsync(Allowed c, string name) =>
        (await c.Scene.Admin.GetFromJsonAsync<WireAdminUserPage>($"/api/admin/users?name={name}"))!;

    private static async Task<WireGroup?> GroupAsync(Allowed c)
    {
        using var response = await c.Scene.Admin.GetAsync($"/api/groups/{c.Aim.Group}");
        return response.StatusCode == HttpStatusCode.NotFound ? null : await response.Content.ReadFromJsonAsync<WireGroup>();
    }

    private static async Task<List<int>> BansAsync(Allowed c) =>
        [.. (await c.Scene.Admin.GetFromJsonAsync<List<UserRef>>($"/api/groups/{c.Aim.Group}/bans"))!.Select(b => b.Id)];
}
