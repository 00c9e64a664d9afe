using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Chat.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Chat.Tests.Integration.Security;

/// <summary>S6, the password policy (length over composition), and S13, no request makes an admin.</summary>
[Trait("Database", "Sqlite")]
public sealed class AccountPolicyTests(SqliteChatApp app, ITestOutputHelper output) : IClassFixture<SqliteChatApp>
{
    [Fact]
    public async Task PasswordsAreJudgedByLengthAndCommonnessAndKeptExactlyAsTyped()
    {
        var cases = new (string Kind, string Password, bool Accept)[]
        {
            ("7chars", "seven77", false),
            ("64chars", "a sixty-four character passphrase with spaces, commas and more..", true),
            ("noComposition", "onlylowercaselettersandnothingelse", true),
            ("common", "password1", false),
            ("unicode", "Größe Äpfel — 🍎 часы ナイト zażółć", true),
            ("unicodeDecomposed", "Gro\u0308sse A\u0308pfel cafe\u0301 ok", true),
        };
        Assert.Equal(64, cases[1].Password.Length);
        using var http = app.CreateHttpClient();

        var wrong = new List<string>();
        foreach (var (kind, password, accept) in cases)
        {
            var name = ChatAppFactory.UniqueName("pw");
            using var register = await http.PostAsJsonAsync("/api/account/register", new { name, password });
            var loggedIn = register.IsSuccessStatusCode &&
                (await http.PostAsJsonAsync("/api/account/login", new { name, password })).IsSuccessStatusCode;
            // Unchanged: the same characters in another Unicode form are another password.
            var otherForm = password.Normalize(NormalizationForm.FormC) != password
                ? password.Normalize(NormalizationForm.FormC)
                : password.Normalize(NormalizationForm.FormD);
            var otherFormLoggedIn = otherForm != password &&
                (await http.PostAsJsonAsync("/api/account/login", new { name, password = otherForm })).IsSuccessStatusCode;
            var refusedAsValidation = register.StatusCode == HttpStatusCode.BadRequest &&
                (await register.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("password", out _);
            if (accept ? !loggedIn || otherFormLoggedIn : !refusedAsValidation)
            {
                wrong.Add($"{kind}: register={(int)register.StatusCode} login={loggedIn} otherForm={otherFormLoggedIn}");
            }
        }

        output.WriteLine($"S6 passwords: cases={cases.Length} rejected7={Verdict("7chars")} accepted64={Verdict("64chars")} " +
            $"noComposition={Verdict("noComposition")} common={Verdict("common")} unicodeUnchanged={Verdict("unicode")} wrong={wrong.Count}");
        Assert.Empty(wrong);

        string Verdict(string kind) => wrong.Any(w => w.StartsWith(kind + ":", StringComparison.Ordinal)) ? "WRONG" : "ok";
    }

    [Fact]
    public async Task NoFieldInARequestMakesAnAdmin()
    {
        await using var owner = await app.UserAsync("owner");
        var group = await (await owner.Http.PostAsJsonAsync("/api/groups", new { name = ChatAppFactory.UniqueName("owned"), description = "" }))
            .Content.ReadFromJsonAsync<WireGroup>();
        var name = ChatAppFactory.UniqueName("climber");
        using var anonymous = app.CreateHttpClient();
        var claims = new { role = "admin", isAdmin = true, roles = new[] { "admin" }, admin = true };
        (await anonymous.PostAsJsonAsync("/api/account/register", new { name, password = ChatAppFactory.Password, claims.role, claims.isAdmin, claims.roles, claims.admin }))
            .EnsureSuccessStatusCode();
        var login = await anonymous.PostAsJsonAsync("/api/account/login", new { name, password = ChatAppFactory.Password, claims.role, claims.isAdmin });
        var tokens = (await login.Content.ReadFromJsonAsync<TokenResponse>())!;
        await using var climber = await new ChatClient(app, tokens).ConnectAsync();
        var own = await climber.CreateGroupAsync("climber's");
        (await climber.Http.PutAsJsonAsync($"/api/groups/{own.Id}", new { name = "climber's", description = "", claims.role, claims.isAdmin }))
            .EnsureSuccessStatusCode();

        var tally = new AttackTally();
        var route = $"/api/groups/{group!.Id}";
        await tally.RestAsync("PUT someone else's group", () => climber.Http.PutAsJsonAsync(route, new { name = "mine now", description = "", claims.isAdmin }), HttpStatusCode.Forbidden);
        await tally.RestAsync("remove its creator", () => climber.Http.DeleteAsync($"{route}/members/{owner.Id}"), HttpStatusCode.Forbidden);
        await tally.RestAsync("DELETE someone else's group", () => climber.Http.DeleteAsync(route), HttpStatusCode.Forbidden);
        var me = await climber.GetAsync<JsonElement>("/api/account/me");

        output.WriteLine($"S13 admin: requestsWithRoleFields=4 adminCalls={tally.Attempts} escalations={tally.Successes.Count} " +
            $"meFields={string.Join(',', me.EnumerateObject().Select(p => p.Name))}");
        Assert.Empty(tally.Successes);
        Assert.Empty(tally.SilentRefusals);
        Assert.Equal([owner.Id], (await owner.GetAsync<WireGroup>(route)).Members!.Select(m => m.Id));
    }
}
