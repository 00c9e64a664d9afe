using System.Net;
using System.Text;
using System.Text.Json;
using Chat.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Chat.Tests.Integration.Security;

/// <summary>S11: REST bodies and raw hub frames no client of ours would send. Each is refused with a reason,
/// nothing is stored, and the people chatting alongside notice nothing.</summary>
[Trait("Database", "Sqlite")]
public sealed class MalformedInputTests(SqliteChatApp app, ITestOutputHelper output) : IClassFixture<SqliteChatApp>
{
    private static readonly byte[] BadUtf8 = [0xC3, 0x28, 0xFF, 0xFE];

    [Fact]
    public async Task MalformedInputIsRefusedWithAReasonAndHarmsNoOne()
    {
        await using var alice = await app.ConnectedUserAsync("alice");
        await using var bob = await app.ConnectedUserAsync("bob");
        await using var sender = await app.ConnectedUserAsync("sender");
        await alice.AddFriendAsync(bob.Id);
        await sender.AddFriendAsync(bob.Id);
        var group = await sender.CreateGroupAsync("malformed");
        var rowsBefore = await RowCounts.ReadAsync(app);
        var problems = new List<string>();
        var serverErrors = 0;
        var stackTraces = 0;
        var cases = 0;

        var closedForInvalidUtf8 = 0;
        foreach (var (name, frame, binary) in HubFrames(bob.Id, group.Id))
        {
            cases++;
            await using var raw = await RawHub.ConnectAsync(app.BaseAddress, sender.Tokens.AccessToken);
            var reply = await raw.InvokeAsync(frame, "m", binary);
            var error = reply?.TryGetProperty("error", out var e) == true ? e.GetString() : null;
            if (reply is null && !binary && name.Contains("UTF-8", StringComparison.Ordinal) && !raw.IsOpen)
            {
                // A text frame must be UTF-8 (RFC 6455 8.1): the WebSocket itself fails the connection, with a
                // 1007 close that says why. SignalR then aborts the socket, which can overtake that close frame.
                closedForInvalidUtf8++;
                continue;
            }

            serverErrors += error?.Contains("went wrong", StringComparison.Ordinal) == true ? 1 : 0;
            stackTraces += error?.Contains("   at ", StringComparison.Ordinal) == true ? 1 : 0;
            if (error is null || error.Length < 10 || error.Contains("   at ", StringComparison.Ordinal) || error.Contains("went wrong", StringComparison.Ordinal))
            {
                problems.Add($"hub {name}: {reply?.GetRawText() ?? "closed without a reason"}");
            }
        }

        foreach (var (name, method, route, body) in RestBodies(group.Id))
        {
            cases++;
            using var request = new HttpRequestMessage(method, route) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
            using var response = await sender.Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            serverErrors += (int)response.StatusCode >= 500 ? 1 : 0;
            stackTraces += text.Contains("   at ", StringComparison.Ordinal) || text.Contains("Exception", StringComparison.Ordinal) ? 1 : 0;
            var title = response.Content.Headers.ContentType?.MediaType == "application/problem+json"
                ? JsonDocument.Parse(text).RootElement.GetProperty("title").GetString()
                : null;
            if (response.StatusCode != HttpStatusCode.BadRequest || string.IsNullOrWhiteSpace(title) ||
                text.Contains("   at ", StringComparison.Ordinal) || text.Contains("Exception", StringComparison.Ordinal))
            {
                problems.Add($"rest {name}: {(int)response.StatusCode} {text}");
            }
        }

        var rowsWritten = (await RowCounts.ReadAsync(app)).Since(rowsBefore);
        var after = await alice.SendDirectAsync(bob.Id, "still chatting");
        await bob.Messages.WaitAsync(m => m.Id == after.Id);
        var othersDropped = alice.Closed.Items.Count + bob.Closed.Items.Count + sender.Closed.Items.Count;

        output.WriteLine($"S11 malformed: cases={cases} serverErrors={serverErrors} stackTraces={stackTraces} rows={rowsWritten} " +
            $"othersDropped={othersDropped} senderClosedForUtf8={closedForInvalidUtf8} unexplained={problems.Count}");
        Assert.Empty(problems);
        Assert.Equal(3, closedForInvalidUtf8);
        Assert.Equal(0, serverErrors);
        Assert.Equal(0, stackTraces);
        Assert.Equal(0, rowsWritten);
        Assert.Equal(0, othersDropped);
    }

    private static IEnumerable<(string, byte[], bool)> HubFrames(int friend, int group) =>
        TextFrames(friend, group).Select(f => (f.Item1, f.Item2, false))
            .Concat(TextFrames(friend, group).Where(f => f.Item1.Contains("UTF-8", StringComparison.Ordinal))
                .Select(f => (f.Item1 + " in a binary frame", f.Item2, true)));

    private static IEnumerable<(string, byte[])> TextFrames(int friend, int group)
    {
        byte[] Call(string target, string arguments) =>
            Encoding.UTF8.GetBytes($$"""{"type":1,"invocationId":"m","target":"{{target}}","arguments":[{{arguments}}]}""");
        byte[] WithBadUtf8(string target, string before, string after)
        {
            var head = Encoding.UTF8.GetBytes($$"""{"type":1,"invocationId":"m","target":"{{target}}","arguments":[{{before}}""");
            return [.. head, .. BadUtf8, .. Encoding.UTF8.GetBytes(after + "]}")];
        }

        yield return ("invalid UTF-8 text", WithBadUtf8("SendDirect", $"{friend},\"hi ", "\",\"c1\""));
        yield return ("invalid UTF-8 clientMessageId", WithBadUtf8("SendDirect", $"{friend},\"hi\",\"", "\""));
        yield return ("invalid UTF-8 group name", WithBadUtf8("CreateGroup", "\"", "\",\"\""));
        yield return ("lone surrogate text", Call("SendDirect", $"{friend},\"a\\ud800b\",\"c2\""));
        yield return ("NaN id", Call("SendDirect", "NaN,\"hi\",\"c3\""));
        yield return ("1e999 id", Call("SendDirect", "1e999,\"hi\",\"c4\""));
        yield return ("fractional id", Call("SendDirect", $"{friend}.5,\"hi\",\"c5\""));
        yield return ("string id", Call("SendDirect", "\"NaN\",\"hi\",\"c6\""));
        yield return ("null id", Call("SendDirect", "null,\"hi\",\"c7\""));
        yield return ("number text", Call("SendDirect", $"{friend},5,\"c8\""));
        yield return ("object text", Call("SendDirect", $"{friend},{{}},\"c9\""));
        yield return ("null text", Call("SendGroup", $"{group},null,\"c10\""));
        yield return ("unknown method", Call("DeleteEverything", $"{friend}"));
        yield return ("too few arguments", Call("SendGroup", $"{group},\"hi\""));
        yield return ("too many arguments", Call("SendGroup", $"{group},\"hi\",\"c11\",{friend}"));
        yield return ("arguments null", Encoding.UTF8.GetBytes("""{"type":1,"invocationId":"m","target":"Sync","arguments":null}"""));
        yield return ("Typing with both ids", Call("Typing", $"{friend},{group}"));
        yield return ("Typing with neither id", Call("Typing", "null,null"));
        yield return ("direct history limit 0", Call("GetDirectHistory", $"{friend},null,0"));
        yield return ("direct history limit 201", Call("GetDirectHistory", $"{friend},null,201"));
        yield return ("group history limit 0", Call("GetGroupHistory", $"{group},null,0"));
        yield return ("group history limit 201", Call("GetGroupHistory", $"{group},null,201"));
        yield return ("empty clientMessageId", Call("SendDirect", $"{friend},\"hi\",\"\""));
        yield return ("65-char clientMessageId", Call("SendDirect", $"{friend},\"hi\",\"{new string('c', 65)}\""));
        yield return ("Sync after a string", Call("Sync", "\"abc\""));
    }

    private static IEnumerable<(string, HttpMethod, string, byte[])> RestBodies(int group)
    {
        static byte[] Json(string json) => Encoding.UTF8.GetBytes(json);
        static byte[] BadUtf8In(string before, string after) => [.. Json(before), .. BadUtf8, .. Json(after)];

        yield return ("register invalid UTF-8 name", HttpMethod.Post, "/api/account/register", BadUtf8In("{\"name\":\"x", "\",\"password\":\"correct horse battery\"}"));
        yield return ("register invalid UTF-8 password", HttpMethod.Post, "/api/account/register", BadUtf8In("{\"name\":\"utfpw\",\"password\":\"correct horse ", "\"}"));
        yield return ("login invalid UTF-8", HttpMethod.Post, "/api/account/login", BadUtf8In("{\"name\":\"", "\",\"password\":\"x\"}"));
        yield return ("group invalid UTF-8 name", HttpMethod.Post, "/api/groups", BadUtf8In("{\"name\":\"g", "\",\"description\":\"\"}"));
        yield return ("rename invalid UTF-8", HttpMethod.Put, $"/api/groups/{group}", BadUtf8In("{\"name\":\"g", "\",\"description\":\"\"}"));
        yield return ("group NaN name", HttpMethod.Post, "/api/groups", Json("{\"name\":NaN,\"description\":\"\"}"));
        yield return ("group 1e999 name", HttpMethod.Post, "/api/groups", Json("{\"name\":1e999}"));
        yield return ("group array name", HttpMethod.Post, "/api/groups", Json("{\"name\":[\"a\"]}"));
        yield return ("group null name", HttpMethod.Post, "/api/groups", Json("{\"name\":null,\"description\":\"\"}"));
        yield return ("group lone surrogate", HttpMethod.Post, "/api/groups", Json("{\"name\":\"a\\ud800\",\"description\":\"\"}"));
        yield return ("rename wrong types", HttpMethod.Put, $"/api/groups/{group}", Json("{\"name\":true,\"description\":7}"));
        yield return ("register 1e999", HttpMethod.Post, "/api/account/register", Json("{\"name\":1e999,\"password\":\"correct horse battery\"}"));
        yield return ("refresh NaN", HttpMethod.Post, "/api/account/refresh", Json("{\"refreshToken\":NaN}"));
    }
}
