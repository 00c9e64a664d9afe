using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Chat.Server;

/// <summary>Why a service refused a request. One type for every result: it converts to any
/// <see cref="Outcome{T}"/>; REST answers with <see cref="ToProblem"/>, the hub with a HubException
/// whose message is <see cref="Reason"/>.</summary>
internal sealed record Refused(Refusal Kind, string Reason)
{
    /// <summary>Set when the refusal is for now (a limit): REST answers 429 with Retry-After.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Field errors of an invalid request: REST answers a validation problem.</summary>
    public IDictionary<string, string[]>? Errors { get; init; }

    public static Refused Invalid(string reason) => new(Refusal.Invalid, reason);

    public static Refused Invalid(string reason, IDictionary<string, string[]> errors) => new(Refusal.Invalid, reason) { Errors = errors };

    public static Refused NotFound(string reason) => new(Refusal.NotFound, reason);

    public static Refused Forbidden(string reason) => new(Refusal.Forbidden, reason);

    public static Refused Conflict(string reason) => new(Refusal.Conflict, reason);

    public static Refused Unauthorized(string reason) => new(Refusal.Unauthorized, reason);

    public static Refused Limited(string reason, TimeSpan retryAfter) => new(Refusal.TooMany, reason) { RetryAfter = retryAfter };

    public int StatusCode => Kind switch
    {
        Refusal.NotFound => StatusCodes.Status404NotFound,
        Refusal.Forbidden => StatusCodes.Status403Forbidden,
        Refusal.Conflict => StatusCodes.Status409Conflict,
        Refusal.TooMany => StatusCodes.Status429TooManyRequests,
        Refusal.Unauthorized => StatusCodes.Status401Unauthorized,
        _ => StatusCodes.Status400BadRequest,
    };

    /// <summary>The ProblemDetails answer; a refusal for now also sets Retry-After on <paramref name="response"/>.</summary>
    public ProblemHttpResult ToProblem(HttpResponse response)
    {
        if (RetryAfter is { } wait)
        {
            SetRetryAfter(response, wait);
        }

        return Errors is null
            ? TypedResults.Problem(title: Reason, statusCode: StatusCode)
            : TypedResults.Problem(new HttpValidationProblemDetails(Errors) { Title = Reason, Status = StatusCode });
    }

    /// <summary>Sets Retry-After to <paramref name="wait"/> rounded up to whole seconds, at least 1.</summary>
    public static void SetRetryAfter(HttpResponse response, TimeSpan wait) =>
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
