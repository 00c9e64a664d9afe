using System.Net;
using System.Net.Http.Json;
using Chat.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Chat.Tests.Integration.Authorization;

/// <summary>Every admin, block and group-moderation route, called as a stranger, a member, the creator, an admin
/// and a disabled member: whoever may not is refused, writes nothing and is heard by nobody; whoever may, can.</summary>
public abstract class AuthorizationMatrixTests(ChatAppFactory app, ITestOutputHelper output)
{
    private static readonly Actors[] EveryActor = [Actors.Stranger, Actors.Member, Actors.Creator, Actors.Admin, Actors.Disabled];

    [Fact]
    public async Task NoActorGetsThroughARouteItMayNotUseAndNothingIsWrittenOrHeard()
    {
        await using var scene = await AuthorizationScene.StartAsync(app);
        var aim = scene.Aim;
        var before = await scene.SnapshotAsync();
        var (cells, successes, wrong) = (0, new List<string>(), new List<string>());

        foreach (var actor in EveryActor)
        {
            var line = new List<string>();
            foreach (var action in MatrixAction.All)
            {
                if (action.AllowedActors.HasFlag(actor))
                {
                    line.Add($"{action.Name}=-");
                    continue;
                }

                using var response = await scene.ClientOf(actor).SendAsync(action.Request(aim));
                var (got, expected) = (response.StatusCode, MatrixAction.RefusalFor(actor));
                cells++;
                line.Add($"{action.Name}={(int)got}");
                if (response.IsSuccessStatusCode)
                {
                    successes.Add($"{actor} {action.Name}: {(int)got}");
                }

                if (got != expected)
                {
                    wrong.Add($"{actor} {action.Name}: {(int)got}, expected {(int)expected}");
                }
            }

            output.WriteLine($"{actor,-8} {string.Join(' ', line)}");
        }

        // Nobody lifts a block but the one who made it: the creator blocked B, the member asks to unblock B.
        using var unblock = await scene.Member.Http.DeleteAsync($"/api/account/blocks/{aim.Banned}");
        cells++;
        output.WriteLine($"Member   blocks.unblock(creator's block of B)={(int)unblock.StatusCode}");
        if (unblock.StatusCode != HttpStatusCode.NotFound)
        {
            wrong.Add($"Member unblocking the creator's block: {(int)unblock.StatusCode}, expected 404");
        }

        var after = await scene.SnapshotAsync();
        output.WriteLine($"refused cells={cells} unauthorised successes={successes.Count} wrong statuses={wrong.Count}");

        Assert.Empty(successes);
        Assert.Empty(wrong);
        Assert.Equal(before, after);
        Assert.Contains(aim.Banned, await MatrixAction.BlockedByAsync(scene.Creator.Http));
        await app.LoginAsync(scene.Target.Name);
        await AssertOnlyTheSentinelReachedTheListenersAsync(scene);
    }

    /// <summary>Pushes to one connection from one node arrive in order: once W and T have the sentinel rename,
    /// anything a refused call had pushed would be in their logs before it.</summary>
    private static async Task AssertOnlyTheSentinelReachedTheListenersAsync(AuthorizationScene scene)
    {
        var sentinel = $"{scene.Tag} sentinel";

        using var renamed = await scene.Creator.Http.PutAsJsonAsync($"/api/groups/{scene.Group.Id}", new { name = sentinel, description = "" });

        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        foreach (var listener in new[] { scene.Watcher, scene.Target })
        {
            await listener.GroupsUpdated.WaitAsync(g => g.Name == sentinel);
            Assert.Equal([sentinel], listener.GroupsUpdated.Items.Select(g => g.Name));
            Assert.Empty(listener.MembersLeft.Items);
            Assert.Empty(listener.GroupsDeleted.Items);
            Assert.Empty(listener.FriendsRemoved.Items);
            Assert.Empty(listener.Messages.Items);
            Assert.Empty(listener.Closed.Items);
        }
    }

    [Fact]
    public async Task EveryRouteWorksForTheActorsItIsFor()
    {
        await using var scene = await AuthorizationScene.StartAsync(app);
        var cells = new List<string>();

        // Moderation first (each call on a group of its own), then blocks, then the admin routes, which end
        // with T's account deleted.
        foreach (var action in MatrixAction.Moderation)
        {
            foreach (var actor in new[] { Actors.Creator, Actors.Admin })
            {
                cells.Add(await AllowedAsync(scene, action, actor, await scene.FreshGroupAsync($"{action.Name} by {actor}")));
            }
        }

        foreach (var actor in new[] { Actors.Stranger, Actors.Member, Actors.Creator, Actors.Admin })
        {
            foreach (var action in MatrixAction.Blocks)
            {
                cells.Add(await AllowedAsync(scene, action, actor, scene.Aim));
            }
        }

        foreach (var action in MatrixAction.Admin)
        {
            cells.Add(await AllowedAsync(scene, action, Actors.Admin, scene.Aim));
        }

        output.WriteLine($"allowed cells={cells.Count}: {string.Join(' ', cells)}");
        Assert.Equal([scene.Banned.Id], await MatrixAction.BlockedByAsync(scene.Creator.Http));
    }

    private static async Task<string> AllowedAsync(AuthorizationScene scene, MatrixAction action, Actors actor, Aim aim)
    {
        Assert.True(action.AllowedActors.HasFlag(actor), $"{actor} is not among those allowed {action.Name}");
        var client = scene.ClientOf(actor);

        using var response = await client.SendAsync(action.Request(aim));

        Assert.True(response.StatusCode == action.Success,
            $"{actor} {action.Name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}, expected {(int)action.Success}");
        await action.Took(new Allowed(scene, aim, client));
        return $"{actor}:{action.Name}={(int)response.StatusCode}";
    }
}

[Trait("Database", "Sqlite")]
public sealed class SqliteAuthorizationMatrixTests(SqliteChatApp app, ITestOutputHelper output)
    : AuthorizationMatrixTests(app, output), IClassFixture<SqliteChatApp>;

[Trait("Database", "MariaDb")]
public sealed class MariaDbAuthorizationMatrixTests(MariaDbChatApp app, ITestOutputHelper output)
    : AuthorizationMatrixTests(app, output), IClassFixture<MariaDbChatApp>;
