using System.Net;
using System.Net.Http.Json;
using Chat.Tests.Infrastructure;
using Chat.Tests.Infrastructure.Cluster;
using Chat.Tests.Integration.Security;

namespace Chat.Tests.Integration.Cluster;

/// <summary>S9: a whole session through nginx, then every node's log (default level, simple and JSON format)
/// and nginx's access and error logs are searched for every secret the session used.</summary>
public sealed partial class ClusterTests
{
    [Fact]
    public async Task NoTokenOrPasswordOfASessionReachesAnyLog()
    {
        var marker = Guid.NewGuid().ToString("N");
        var name = ChatAppFactory.UniqueName("secret");
        var password = $"s9 password {marker}";
        var wrongPassword = $"s9 wrong {marker}";
        using var http = ClusterFixture.Http(cluster.Nginx.Uri, null);
        (await http.PostAsJsonAsync("/api/account/register", new { name, password })).EnsureSuccessStatusCode();
        var login = await (await http.PostAsJsonAsync("/api/account/login", new { name, password })).Content.ReadFromJsonAsync<TokenResponse>();
        var refreshed = (await (await http.PostAsJsonAsync("/api/account/refresh", new { login!.RefreshToken })).Content.ReadFromJsonAsync<TokenResponse>())!;
        var wrong = await http.PostAsJsonAsync("/api/account/login", new { name, password = wrongPassword });

        // The browser's way: WebSockets with the token in the query string, through nginx and to each node.
        foreach (var entry in cluster.Nodes.Select(n => n.Uri).Prepend(cluster.Nginx.Uri))
        {
            await using var raw = await RawHub.ConnectAsync(entry, refreshed.AccessToken);
            var sync = await raw.InvokeAsync("""{"type":1,"invocationId":"s","target":"Sync","arguments":[null]}""", "s");
            Assert.True(sync?.TryGetProperty("result", out _), $"Sync through {entry} failed: {sync}");
        }

        await using var tab = await new ClusterClient(refreshed).ConnectAsync(cluster.Nginx.Uri);
        await Record.ExceptionAsync(tab.LogoutAsync);
        await tab.Closed.WaitAsync(_ => true, Patience);
        // Refused after logout: refusals are logged, and must not carry what they refused.
        var refreshAfter = await http.PostAsJsonAsync("/api/account/refresh", new { refreshed.RefreshToken });
        var rejected = await Record.ExceptionAsync(() => RawHub.ConnectAsync(cluster.Nginx.Uri, refreshed.AccessToken));

        // Barriers: a refusal each node logs (its text names the id), and a request nginx logs, both after the session.
        for (var i = 0; i < cluster.Nodes.Count; i++)
        {
            await using var probe = await cluster.ConnectedUserAsync("probe", Node(i));
            var missing = 900_000_000 + i;
            await Record.ExceptionAsync(() => probe.SendDirectAsync(missing, "barrier"));
            await cluster.NodeOutput.WaitAsync(line => line.Contains($"no user {missing}", StringComparison.Ordinal), Patience);
        }

        await http.GetAsync($"/s9-done-{marker}");
        await Eventually.HoldsAsync(() => File.ReadAllTextAsync(cluster.Nginx.AccessLog), log => log.Contains(marker, StringComparison.Ordinal),
            Patience, "nginx logged the last request");

        string[] tokens = [login.AccessToken, login.RefreshToken, refreshed.AccessToken, refreshed.RefreshToken];
        string[] passwords = [password, wrongPassword, ChatAppFactory.Password];
        var secrets = tokens.Concat(passwords).SelectMany(s => new[] { s, Uri.EscapeDataString(s), s.Replace(" ", "+", StringComparison.Ordinal) })
            .Distinct().ToArray();
        // Long tokens also in pieces: a log that cuts or wraps one still leaks it.
        var pieces = tokens.Select(t => t[(t.Length / 2)..(t.Length / 2 + 40)]);
        var lines = cluster.NodeOutput.Items.Concat(File.ReadLines(cluster.Nginx.AccessLog)).Concat(File.ReadLines(cluster.Nginx.ErrorLog)).ToList();
        var leaks = lines.Where(line => secrets.Concat(pieces).Any(s => line.Contains(s, StringComparison.Ordinal))).ToList();

        output.WriteLine($"S9 secrets: tokens={tokens.Length} passwords={passwords.Length} logLines={lines.Count} " +
            $"jsonLines={lines.Count(l => l.StartsWith('{'))} occurrences={leaks.Count}");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refreshAfter.StatusCode);
        Assert.NotNull(rejected);
        Assert.True(lines.Any(l => l.StartsWith('{')), "no node wrote JSON logs");
        Assert.Empty(leaks);
    }
}
