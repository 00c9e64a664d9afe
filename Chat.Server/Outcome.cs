using Microsoft.AspNetCore.SignalR;

namespace Chat.Server;

/// <summary>Why a service refused a request; endpoints map it to a status, the hub to a HubException.</summary>
internal enum Refusal
{
    Invalid,
    NotFound,
    Forbidden,
    Conflict,
    TooMany,
}

/// <summary>The result of a service call that a user's request can make fail: a value or a refusal that says why.</summary>
internal readonly record struct Outcome<T>(T? Value, Refusal? Refused, string? Reason)
{
    public static implicit operator Outcome<T>(T value) => new(value, null, null);

    public static Outcome<T> Ok(T value) => new(value, null, null);

    public static Outcome<T> Refuse(Refusal refusal, string reason) => new(default, refusal, reason);

    /// <summary>Refused for now by a limit; REST answers 429 with Retry-After.</summary>
    public static Outcome<T> Limited(string reason, TimeSpan retryAfter) => new(default, Refusal.TooMany, reason) { RetryAfter = retryAfter };

    public TimeSpan? RetryAfter { get; init; }

    public bool Succeeded => Refused is null;

    /// <summary>For the hub: a refusal becomes a HubException whose message the client sees.</summary>
    public T ValueOrThrow() => Succeeded ? Value! : throw new HubException(Reason);

    public IResult ToProblem()
    {
        var problem = TypedResults.Problem(title: Reason, statusCode: Refused switch
        {
            Refusal.NotFound => StatusCodes.Status404NotFound,
            Refusal.Forbidden => StatusCodes.Status403Forbidden,
            Refusal.Conflict => StatusCodes.Status409Conflict,
            Refusal.TooMany => StatusCodes.Status429TooManyRequests,
            _ => StatusCodes.Status400BadRequest,
        });
        return RetryAfter is { } wait ? new RetryLater(problem, wait) : problem;
    }
}

/// <summary>A problem answer with the Retry-After header, in whole seconds (at least 1).</summary>
internal sealed class RetryLater(IResult problem, TimeSpan wait) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        Set(httpContext.Response, wait);
        return problem.ExecuteAsync(httpContext);
    }

    /// <summary>Sets Retry-After to <paramref name="wait"/> rounded up to whole seconds, at least 1.</summary>
    public static void Set(HttpResponse response, TimeSpan wait) =>
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A value for methods that return nothing but may be refused.</summary>
internal readonly record struct Done;
