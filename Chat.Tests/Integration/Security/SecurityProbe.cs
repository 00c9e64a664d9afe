using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chat.Server.Data;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Tests.Integration.Security;

/// <summary>What a row count of the node's database is at one moment, to prove a refused call wrote nothing.</summary>
internal sealed record RowCounts(int Messages, int Groups, int Members, int Friends, int Users)
{
    public static async Task<RowCounts> ReadAsync(ChatAppFactory app)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
        return new(await db.Messages.CountAsync(), await db.Groups.CountAsync(), await db.GroupMembers.CountAsync(),
            await db.Friends.CountAsync(), await db.Users.CountAsync());
    }

    /// <summary>Rows added (or removed) since <paramref name="before"/>, summed over the tables.</summary>
    public int Since(RowCounts before) =>
        Math.Abs(Messages - before.Messages) + Math.Abs(Groups - before.Groups) + Math.Abs(Members - before.Members) +
        Math.Abs(Friends - before.Friends) + Math.Abs(Users - before.Users);
}

/// <summary>Tallies of attacks: how many were tried, how many got through, and why each refusal said it was refused.</summary>
internal sealed class AttackTally
{
    private readonly List<string> _successes = [];
    private readonly List<string> _silentRefusals = [];

    public int Attempts { get; private set; }

    public IReadOnlyList<string> Successes => _successes;

    /// <summary>Refusals whose message or problem title does not say why (empty or a generic server error).</summary>
    public IReadOnlyList<string> SilentRefusals => _silentRefusals;

    public async Task HubAsync(string what, Func<Task> call)
    {
        Attempts++;
        try
        {
            await call();
            _successes.Add(what);
        }
        catch (HubException e) when (SaysWhy(e.Message))
        {
            // Refused, with a reason.
        }
        catch (HubException e)
        {
            _silentRefusals.Add($"{what}: \"{e.Message}\"");
        }
    }

    public async Task RestAsync(string what, Func<Task<HttpResponseMessage>> call, params HttpStatusCode[] refusedWith)
    {
        Attempts++;
        using var response = await call();
        if (response.IsSuccessStatusCode)
        {
            _successes.Add($"{what}: {(int)response.StatusCode}");
            return;
        }

        var title = response.Content.Headers.ContentType?.MediaType == "application/problem+json"
            ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString()
            : null;
        if (!refusedWith.Contains(response.StatusCode) || title is null || !SaysWhy(title))
        {
            _silentRefusals.Add($"{what}: {(int)response.StatusCode} \"{title}\"");
        }
    }

    /// <summary>The .NET client reports a HubException as "An unexpected error occurred invoking 'X' on the
    /// server. HubException: reason": the reason is what the server said.</summary>
    private static bool SaysWhy(string message)
    {
        const string Marker = "HubException: ";
        var reason = message.Contains(Marker, StringComparison.Ordinal) ? message[(message.IndexOf(Marker, StringComparison.Ordinal) + Marker.Length)..] : message;
        return reason.Length >= 10 && !reason.Contains("went wrong", StringComparison.Ordinal) &&
            !reason.Contains("unexpected error", StringComparison.OrdinalIgnoreCase) && !reason.Contains("   at ", StringComparison.Ordinal);
    }
}
