using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Chat.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Chat.Tests.Integration.Accounts;

/// <summary>S5: failed sign-ins hold back the guessing address, never the owner, and an unknown name is
/// answered exactly as a known one. Addresses come in X-Forwarded-For, which the node believes from loopback.</summary>
public abstract class BruteForceTests(ChatAppFactory app, ITestOutputHelper output) : IDisposable
{
    private readonly HttpClient _http = app.CreateHttpClient();

    [Fact]
    public async Task AnAttackerIsHeldBackTheOwnerIsNotAndUnknownNamesLookTheSame()
    {
        var victim = await app.RegisterAndLoginAsync(ChatAppFactory.UniqueName("victim"));
        var known = await app.RegisterAndLoginAsync(ChatAppFactory.UniqueName("known"));
        var unknown = ChatAppFactory.UniqueName("unknown");

        var attacks = new List<Attempt>();
        for (var attempt = 1; attempt <= 20; attempt++)
        {
            attacks.Add(await LoginAsync("198.51.100.66", victim.User.Name, $"guess number {attempt}"));
        }

        var rightFromAttacker = await LoginAsync("198.51.100.66", victim.User.Name, ChatAppFactory.Password);
        var owner = await LoginAsync("203.0.113.5", victim.User.Name, ChatAppFactory.Password);
        var knownAttempts = new List<Attempt>();
        var unknownAttempts = new List<Attempt>();
        for (var attempt = 1; attempt <= 8; attempt++)
        {
            knownAttempts.Add(await LoginAsync("192.0.2.1", known.User.Name, "not the password"));
            unknownAttempts.Add(await LoginAsync("192.0.2.2", unknown, "not the password"));
        }

        var knownTimes = new List<double>();
        var unknownTimes = new List<double>();
        for (var i = 1; i <= 21; i++)
        {
            // A fresh address each time, so every attempt is checked against a hash; the order alternates,
            // so that the machine's other load falls on both alike.
            var address = $"192.0.2.{100 + i}";
            foreach (var unknownFirst in i % 2 == 0 ? new[] { true, false } : [false, true])
            {
                (unknownFirst ? unknownTimes : knownTimes).Add((await LoginAsync(address, unknownFirst ? unknown : known.User.Name, "not the password")).Milliseconds);
            }
        }

        var refusedFrom = attacks.FindIndex(a => a.Status == HttpStatusCode.TooManyRequests) + 1;
        var retryAfter = attacks.Where(a => a.Status == HttpStatusCode.TooManyRequests).Select(a => a.RetryAfter!.Value).ToList();
        var identical = knownAttempts.Zip(unknownAttempts).All(p => p.First.Shape == p.Second.Shape);
        var latencyDiff = Math.Abs(Median(knownTimes) - Median(unknownTimes)) / Math.Max(Median(knownTimes), Median(unknownTimes)) * 100;
        output.WriteLine($"S5 brute force ({app.ProviderName}): attackerRefusedFrom={refusedFrom} retryAfter={string.Join(",", retryAfter)} " +
            $"ownerLoginOk={owner.Status == HttpStatusCode.OK} unknownVsKnownIdentical={identical} medianLatencyDiff={latencyDiff:0.0}% " +
            $"(known {Median(knownTimes):0.0} ms, unknown {Median(unknownTimes):0.0} ms) statuses={string.Join(",", knownAttempts.Select(a => (int)a.Status))}");
        Assert.Equal(4, refusedFrom);
        Assert.All(attacks.Take(3), a => Assert.Equal(HttpStatusCode.Unauthorized, a.Status));
        Assert.All(attacks.Skip(3), a => Assert.Equal(HttpStatusCode.TooManyRequests, a.Status));
        Assert.Equal(retryAfter.Order(), retryAfter);
        Assert.True(retryAfter[^1] > retryAfter[0], $"Retry-After did not grow: {string.Join(",", retryAfter)}");
        Assert.Equal(HttpStatusCode.TooManyRequests, rightFromAttacker.Status);
        Assert.Equal(HttpStatusCode.OK, owner.Status);
        Assert.Contains(knownAttempts, a => a.Status == HttpStatusCode.TooManyRequests);
        Assert.All(knownAttempts.Zip(unknownAttempts), p => Assert.Equal(p.First.Shape, p.Second.Shape));
        Assert.True(latencyDiff < 50, $"median latency differs by {latencyDiff:0.0}%");
    }

    public void Dispose() => _http.Dispose();

    private async Task<Attempt> LoginAsync(string address, string name, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/account/login") { Content = JsonContent.Create(new { name, password }) };
        request.Headers.Add("X-Forwarded-For", address);
        var clock = Stopwatch.StartNew();
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        clock.Stop();
        return new Attempt(response.StatusCode, (int?)response.Headers.RetryAfter?.Delta?.TotalSeconds, Shape(response, body), clock.Elapsed.TotalMilliseconds);
    }

    /// <summary>Everything a client sees but the date and the trace id, which differ on every response.</summary>
    private static string Shape(HttpResponseMessage response, string body)
    {
        var headers = response.Headers.Concat(response.Content.Headers).Where(h => h.Key != "Date")
            .OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => $"{h.Key}: {string.Join(",", h.Value)}");
        var json = JsonNode.Parse(body)!.AsObject();
        json.Remove("traceId");
        return $"{(int)response.StatusCode}\n{string.Join("\n", headers)}\n{json.ToJsonString()}";
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
    }

    private sealed record Attempt(HttpStatusCode Status, int? RetryAfter, string Shape, double Milliseconds);
}

[Trait("Database", "Sqlite")]
public sealed class SqliteBruteForceTests(SqliteChatApp app, ITestOutputHelper output) : BruteForceTests(app, output), IClassFixture<SqliteChatApp>;

[Trait("Database", "MariaDb")]
public sealed class MariaDbBruteForceTests(MariaDbChatApp app, ITestOutputHelper output) : BruteForceTests(app, output), IClassFixture<MariaDbChatApp>;
