using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chat.Tests.Infrastructure;

namespace Chat.Tests.Integration.Groups;

public abstract class GroupEndpointTests(ChatAppFactory app)
{
    private const int UnknownId = int.MaxValue;

    [Fact]
    public async Task CreatedGroupHasTheCallerAsCreator()
    {
        await using var creator = await app.UserAsync("creator");
        var name = ChatAppFactory.UniqueName("team");

        var response = await creator.Http.PostAsJsonAsync("/api/groups", new { name, description = "our team" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["description", "id", "memberCount", "members", "name"], Keys(body));
        var group = body.Deserialize<WireGroup>(JsonSerializerOptions.Web)!;
        Assert.Equal((name, "our team", 1), (group.Name, group.Description, group.MemberCount));
        Assert.Equal([new WireMember(creator.Id, creator.Name, "creator", false)], group.Members!);
        Assert.Equal(["id", "name", "online", "role"], Keys(body.GetProperty("members")[0]));
        Assert.Equal(HttpStatusCode.OK, (await creator.Http.GetAsync($"/api/groups/{group.Id}")).StatusCode);
    }

    [Fact]
    public async Task DescriptionMayBeLeftOut()
    {
        await using var creator = await app.UserAsync("creator");

        var response = await creator.Http.PostAsJsonAsync("/api/groups", new { name = ChatAppFactory.UniqueName("bare") });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("", (await response.Content.ReadFromJsonAsync<WireGroup>())!.Description);
    }

    [Fact]
    public async Task GroupIsReturnedWithItsMembersAndTheirRoles()
    {
        await using var creator = await app.UserAsync("creator");
        await using var member = await app.UserAsync("member");
        var group = await CreateAsync(creator);
        await member.ConnectAsync();
        await member.SyncAsync();
        (await member.Http.PostAsync($"/api/groups/{group.Id}/members", null)).EnsureSuccessStatusCode();

        var response = await creator.Http.GetAsync($"/api/groups/{group.Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["description", "id", "memberCount", "members", "name"], Keys(body));
        var found = body.Deserialize<WireGroup>(JsonSerializerOptions.Web)!;
        Assert.Equal((group.Id, group.Name, group.Description, 2), (found.Id, found.Name, found.Description, found.MemberCount));
        Assert.Equal(
            [new WireMember(creator.Id, creator.Name, "creator", false), new WireMember(member.Id, member.Name, "normal", true)],
            found.Members!.OrderBy(m => m.Role, StringComparer.Ordinal));
    }

    [Fact]
    public async Task EveryGroupRouteSaysNotFoundForAnUnknownGroup()
    {
        await using var user = await app.UserAsync("lost");
        await using var admin = await AdminAsync();

        var get = await user.Http.GetAsync($"/api/groups/{UnknownId}");
        var put = await user.Http.PutAsJsonAsync($"/api/groups/{UnknownId}", new { name = "renamed", description = "" });
        var adminPut = await admin.Http.PutAsJsonAsync($"/api/groups/{UnknownId}", new { name = "renamed", description = "" });
        var delete = await user.Http.DeleteAsync($"/api/groups/{UnknownId}");
        var adminDelete = await admin.Http.DeleteAsync($"/api/groups/{UnknownId}");
        var join = await user.Http.PostAsync($"/api/groups/{UnknownId}/members", null);
        var leave = await user.Http.DeleteAsync($"/api/groups/{UnknownId}/members/{user.Id}");

        foreach (var response in new[] { get, put, adminPut, delete, adminDelete, join, leave })
        {
            await ProblemAsync(response, HttpStatusCode.NotFound);
        }
    }

    [Fact]
    public async Task ListPagesThroughGroupsFilteredByName()
    {
        await using var creator = await app.UserAsync("lister");
        var tag = Guid.NewGuid().ToString("N")[..12];
        var c = await CreateAsync(creator, $"{tag} c");
        var a = await CreateAsync(creator, $"{tag} a");
        var b = await CreateAsync(creator, $"{tag} b");
        await CreateAsync(creator, "unrelated " + Guid.NewGuid().ToString("N")[..12]);

        var first = await creator.Http.GetAsync($"/api/groups?name={tag}&page=1&pageSize=2");
        var second = await creator.GetAsync<WireGroupPage>($"/api/groups?name={tag}&page=2&pageSize=2");
        var third = await creator.GetAsync<WireGroupPage>($"/api/groups?name={tag}&page=3&pageSize=2");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var body = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["items", "total"], Keys(body));
        Assert.All(body.GetProperty("items").EnumerateArray(), item => Assert.Equal(["description", "id", "memberCount", "name"], Keys(item)));
        var page = body.Deserialize<WireGroupPage>(JsonSerializerOptions.Web)!;
        Assert.Equal(3, page.Total);
        Assert.Equal([a.Id, b.Id], page.Items.Select(g => g.Id));
        Assert.All(page.Items, g => Assert.Equal(1, g.MemberCount));
        Assert.Equal(3, second.Total);
        Assert.Equal([c.Id], second.Items.Select(g => g.Id));
        Assert.Equal(3, third.Total);
        Assert.Empty(third.Items);
    }

    [Fact]
    public async Task ListWithoutFilterCountsEveryGroup()
    {
        await using var creator = await app.UserAsync("lister");
        var made = await CreateAsync(creator);
        var other = await CreateAsync(creator);

        var page = await creator.GetAsync<WireGroupPage>("/api/groups?pageSize=1");
        var all = await creator.GetAsync<WireGroupPage>($"/api/groups?pageSize=100");

        Assert.Single(page.Items);
        Assert.True(page.Total >= 2);
        Assert.Equal(page.Total, all.Total);
        Assert.Contains(all.Items, g => g.Id == made.Id);
        Assert.Contains(all.Items, g => g.Id == other.Id);
    }

    [Fact]
    public async Task APageFarBeyondTheLastIsEmptyNotTheFirstAgain()
    {
        await using var user = await app.UserAsync("pager");
        await CreateAsync(user);

        var page = await user.Http.GetFromJsonAsync<WireGroupPage>($"/api/groups?page={int.MaxValue}");

        Assert.Empty(page!.Items);
        Assert.True(page.Total >= 1);
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("pageSize=0")]
    [InlineData("pageSize=-5")]
    [InlineData("pageSize=100000")]
    [InlineData("page=abc")]
    [InlineData("page=2147483648")]
    [InlineData("page=-2147483648")]
    public async Task NonsensePagingIsABadRequest(string query)
    {
        await using var user = await app.UserAsync("pager");

        var response = await user.Http.GetAsync($"/api/groups?{query}");

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Single(problem.GetProperty("errors").EnumerateObject(), e => query.StartsWith(e.Name + "=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GroupRoutesNeedAToken()
    {
        await using var creator = await app.UserAsync("creator");
        var group = await CreateAsync(creator);
        using var anonymous = app.CreateHttpClient();

        var responses = new[]
        {
            await anonymous.GetAsync("/api/groups"),
            await anonymous.PostAsJsonAsync("/api/groups", new { name = "anonymous", description = "" }),
            await anonymous.GetAsync($"/api/groups/{group.Id}"),
            await anonymous.PutAsJsonAsync($"/api/groups/{group.Id}", new { name = "anonymous", description = "" }),
            await anonymous.DeleteAsync($"/api/groups/{group.Id}"),
            await anonymous.PostAsync($"/api/groups/{group.Id}/members", null),
            await anonymous.DeleteAsync($"/api/groups/{group.Id}/members/{creator.Id}"),
        };

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        Assert.Equal(group.Name, (await creator.GetAsync<WireGroup>($"/api/groups/{group.Id}")).Name);
    }

    [Fact]
    public async Task CreatorRenamesTheGroup()
    {
        await using var creator = await app.UserAsync("creator");
        var group = await CreateAsync(creator);
        var name = ChatAppFactory.UniqueName("renamed");

        var response = await creator.Http.PutAsJsonAsync($"/api/groups/{group.Id}", new { name, description = "new words" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var updated = (await response.Content.ReadFromJsonAsync<WireGroup>())!;
        Assert.Equal((group.Id, name, "new words", 1), (updated.Id, updated.Name, updated.Description, updated.MemberCount));
        Assert.Equal(creator.Id, Assert.Single(updated.Members!).Id);
        var stored = await creator.GetAsync<WireGroup>($"/api/groups/{group.Id}");
        Assert.Equal((name, "new words"), (stored.Name, stored.Description));
    }

    [Fact]
    public async Task OtherUsersCannotRenameOrDeleteTheGroupEvenAsMembers()
    {
        await using var creator = await app.UserAsync("creator");
        await using var member = await app.UserAsync("member");
        var group = await CreateAsync(creator);
        (await member.Http.PostAsync($"/api/groups/{group.Id}/members", null)).EnsureSuccessStatusCode();

        var put = await member.Http.PutAsJsonAsync($"/api/groups/{group.Id}", new { name = "hijacked", description = "" });
        var delete = await member.Http.DeleteAsync($"/api/groups/{group.Id}");

        await ProblemAsync(put, HttpStatusCode.Forbidden);
        await ProblemAsync(delete, HttpStatusCode.Forbidden);
        var stored = await creator.GetAsync<WireGroup>($"/api/groups/{group.Id}");
        Assert.Equal((group.Name, group.Description, 2), (stored.Name, stored.Description, stored.MemberCount));
    }

    [Fact]
    public async Task CreatorDeletesTheGroup()
    {
        await using var creator = await app.UserAsync("creator");
        await using var member = await app.UserAsync("member");
        var group = await CreateAsync(creator);
        (await member.Http.PostAsync($"/api/groups/{group.Id}/members", null)).EnsureSuccessStatusCode();

        var response = await creator.Http.DeleteAsync($"/api/groups/{group.Id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await ProblemAsync(await member.Http.GetAsync($"/api/groups/{group.Id}"), HttpStatusCode.NotFound);
        var listed = await creator.GetAsync<WireGroupPage>($"/api/groups?name={Uri.EscapeDataString(group.Name)}");
        Assert.Equal(0, listed.Total);
        Assert.Empty(listed.Items);
    }

    [Fact]
    public async Task AdminRenamesAndDeletesAnyGroup()
    {
        await using var creator = await app.UserAsync("creator");
        var group = await CreateAsync(creator);
        await using var admin = await AdminAsync();

        var put = await admin.Http.PutAsJsonAsync($"/api/groups/{group.Id}", new { name = "moderated", description = "by the admin" });
        var delete = await admin.Http.DeleteAsync($"/api/groups/{group.Id}");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var updated = (await put.Content.ReadFromJsonAsync<WireGroup>())!;
        Assert.Equal(("moderated", "by the admin"), (updated.Name, updated.Description));
        Assert.DoesNotContain(updated.Members!, m => m.Id == admin.Id);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        await ProblemAsync(await creator.Http.GetAsync($"/api/groups/{group.Id}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task JoiningMakesTheCallerANormalMemberOnce()
    {
        await using var creator = await app.UserAsync("creator");
        await using var joiner = await app.UserAsync("joiner");
        var group = await CreateAsync(creator);

        var first = await joiner.Http.PostAsync($"/api/groups/{group.Id}/members", null);
        var again = await joiner.Http.PostAsync($"/api/groups/{group.Id}/members", null);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var body = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["description", "id", "memberCount", "members", "name"], Keys(body));
        var joined = body.Deserialize<WireGroup>(JsonSerializerOptions.Web)!;
        Assert.Equal((group.Id, 2), (joined.Id, joined.MemberCount));
        Assert.Equal(new WireMember(joiner.Id, joiner.Name, "normal", false), Assert.Single(joined.Members!, m => m.Id == joiner.Id));
        Assert.Equal("creator", Assert.Single(joined.Members!, m => m.Id == creator.Id).Role);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var stored = await creator.GetAsync<WireGroup>($"/api/groups/{group.Id}");
        Assert.Equal(2, stored.MemberCount);
        Assert.Single(stored.Members!, m => m.Id == joiner.Id);
    }

    [Fact]
    public async Task MemberLeavesTheGroup()
    {
        await using var creator = await app.UserAsync("creator");
        await using var member = await app.UserAsync("member");
        var group = await CreateAsync(creator);
        (await member.Http.PostAsync($"/api/groups/{group.Id}/members", null)).EnsureSuccessStatusCode();

        var leave = await member.Http.DeleteAsync($"/api/groups/{group.Id}/members/{member.Id}");
        var leaveAgain = await member.Http.DeleteAsync($"/api/groups/{group.Id}/members/{member.Id}");

        Assert.Equal(HttpStatusCode.NoContent, leave.StatusCode);
        await ProblemAsync(leaveAgain, HttpStatusCode.NotFound);
        var stored = await creator.GetAsync<WireGroup>($"/api/groups/{group.Id}");
        Assert.Equal((1, creator.Id), (stored.MemberCount, Assert.Single(stored.Members!).Id));
    }

    [Fact]
    public async Task NormalMemberCannotRemoveAnotherMember()
    {
        await using var creator = await app.UserAsync("creator");
        await using var member = await app.UserAsync("member");
        await using var other = await app.UserAsync("other");
        var group = await CreateAsync(creator);
        (await member.Http.PostAsync($"/api/groups/{group.Id}/members", null)).EnsureSuccessStatusCode();
        (await other.Http.PostAsync($"/api/groups/{group.Id}/members", null)).EnsureSuccessStatusCode();

        var removeOther = await member.Http.DeleteAsync($"/api/groups/{group.Id}/members/{other.Id}");
        var removeCreator = await member.Http.DeleteAsync($"/api/groups/{group.Id}/members/{creator.Id}");

        await ProblemAsync(removeOther, HttpStatusCode.Forbidden);
        await ProblemAsync(removeCreator, HttpStatusCode.Forbidden);
        Assert.Equal(3, (await creator.GetAsync<WireGroup>($"/api/groups/{group.Id}")).MemberCount);
    }

    [Fact]
    public async Task OutsiderCannotRemoveAMember()
    {
        await using var creator = await app.UserAsync("creator");
        await using var member = await app.UserAsync("member");
        await using var outsider = await app.UserAsync("outsider");
        var group = await CreateAsync(creator);
        (await member.Http.PostAsync($"/api/groups/{group.Id}/members", null)).EnsureSuccessStatusCode();

        var response = await outsider.Http.DeleteAsync($"/api/groups/{group.Id}/members/{member.Id}");

        await ProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(2, (await creator.GetAsync<WireGroup>($"/api/groups/{group.Id}")).MemberCount);
    }

    [Fact]
    public async Task CreatorRemovesAMember()
    {
        await using var creator = await app.UserAsync("creator");
        await using var member = await app.UserAsync("member");
        var group = await CreateAsync(creator);
        (await member.Http.PostAsync($"/api/groups/{group.Id}/members", null)).EnsureSuccessStatusCode();

        var response = await creator.Http.DeleteAsync($"/api/groups/{group.Id}/members/{member.Id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var stored = await creator.GetAsync<WireGroup>($"/api/groups/{group.Id}");
        Assert.DoesNotContain(stored.Members!, m => m.Id == member.Id);
        Assert.Equal(1, stored.MemberCount);
    }

    [Fact]
    public async Task AdminRemovesAMember()
    {
        await using var creator = await app.UserAsync("creator");
        await using var member = await app.UserAsync("member");
        var group = await CreateAsync(creator);
        (await member.Http.PostAsync($"/api/groups/{group.Id}/members", null)).EnsureSuccessStatusCode();
        await using var admin = await AdminAsync();

        var response = await admin.Http.DeleteAsync($"/api/groups/{group.Id}/members/{member.Id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.DoesNotContain((await creator.GetAsync<WireGroup>($"/api/groups/{group.Id}")).Members!, m => m.Id == member.Id);
    }

    [Fact]
    public async Task RemovingSomeoneWhoIsNotAMemberIsNotFound()
    {
        await using var creator = await app.UserAsync("creator");
        await using var stranger = await app.UserAsync("stranger");
        var group = await CreateAsync(creator);

        var removeStranger = await creator.Http.DeleteAsync($"/api/groups/{group.Id}/members/{stranger.Id}");
        var nobody = await creator.Http.DeleteAsync($"/api/groups/{group.Id}/members/{UnknownId}");

        await ProblemAsync(removeStranger, HttpStatusCode.NotFound);
        await ProblemAsync(nobody, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("this group name is sixty-five characters long, one more than max.")]
    public async Task InvalidGroupNameIsAValidationError(string name)
    {
        await using var creator = await app.UserAsync("creator");
        var group = await CreateAsync(creator);

        var post = await creator.Http.PostAsJsonAsync("/api/groups", new { name, description = "" });
        var put = await creator.Http.PutAsJsonAsync($"/api/groups/{group.Id}", new { name, description = "" });

        Assert.Equal(JsonValueKind.Object, (await ProblemAsync(post, HttpStatusCode.BadRequest)).GetProperty("errors").ValueKind);
        Assert.Equal(JsonValueKind.Object, (await ProblemAsync(put, HttpStatusCode.BadRequest)).GetProperty("errors").ValueKind);
        Assert.Equal(group.Name, (await creator.GetAsync<WireGroup>($"/api/groups/{group.Id}")).Name);
    }

    [Fact]
    public async Task DescriptionOverTwoHundredCharactersIsAValidationError()
    {
        await using var creator = await app.UserAsync("creator");

        var response = await creator.Http.PostAsJsonAsync("/api/groups", new { name = "wordy", description = new string('d', 201) });

        Assert.Equal(JsonValueKind.Object, (await ProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors").ValueKind);
    }

    [Fact]
    public async Task GroupNameOfSixtyFourCharactersIsAccepted()
    {
        await using var creator = await app.UserAsync("creator");
        var name = (Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"))[..64];

        var response = await creator.Http.PostAsJsonAsync("/api/groups", new { name, description = new string('d', 200) });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(name, (await creator.GetAsync<WireGroup>($"/api/groups/{(await response.Content.ReadFromJsonAsync<WireGroup>())!.Id}")).Name);
    }

    private async Task<ChatClient> AdminAsync()
    {
        using var http = app.CreateHttpClient();
        var registered = await http.PostAsJsonAsync("/api/account/register", new { name = ChatAppFactory.AdminName, password = ChatAppFactory.Password });
        Assert.Contains(registered.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict });
        var login = await http.PostAsJsonAsync("/api/account/login", new { name = ChatAppFactory.AdminName, password = ChatAppFactory.Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        return new ChatClient(app, (await login.Content.ReadFromJsonAsync<TokenResponse>())!);
    }

    private static async Task<WireGroup> CreateAsync(ChatClient creator, string? name = null)
    {
        var response = await creator.Http.PostAsJsonAsync("/api/groups", new { name = name ?? ChatAppFactory.UniqueName("group"), description = "about it" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<WireGroup>())!;
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        return problem;
    }

    private static string[] Keys(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];
}

[Trait("Database", "Sqlite")]
public sealed class SqliteGroupEndpointTests(SqliteChatApp app) : GroupEndpointTests(app), IClassFixture<SqliteChatApp>;

[Trait("Database", "MariaDb")]
public sealed class MariaDbGroupEndpointTests(MariaDbChatApp app) : GroupEndpointTests(app), IClassFixture<MariaDbChatApp>;
