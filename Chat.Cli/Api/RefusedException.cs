using System.Net.Http.Json;
using System.Text.Json;

namespace Chat.Cli.Api;

/// <summary>The server said no (a ProblemDetails answer); the message is the reason a person can read.</summary>
internal sealed class RefusedException(string message) : Exception(message)
{
    private sealed record Problem(string? Title, string? Detail, Dictionary<string, string[]>? Errors);

    public static async Task<RefusedException> FromAsync(HttpResponseMessage response, CancellationToken ct)
    {
        Problem? problem = null;
        try
        {
            problem = await response.Content.ReadFromJsonAsync<Problem>(ct);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            // Not ProblemDetails (a proxy's error page): the status code is all there is to say.
        }

        var reasons = problem?.Errors?.Values.SelectMany(e => e) ?? [];
        var why = string.Join(" ", new[] { problem?.Title, problem?.Detail }.Concat(reasons)
            .Where(s => !string.IsNullOrWhiteSpace(s)).Distinct());
        return new RefusedException(why.Length > 0 ? why : $"The server answered {(int)response.StatusCode} {response.ReasonPhrase}.");
    }
}
