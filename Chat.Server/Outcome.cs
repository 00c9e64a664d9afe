using Microsoft.AspNetCore.SignalR;

namespace Chat.Server;

/// <summary>Why a service refused a request; endpoints map it to a status, the hub to a HubException.</summary>
internal enum Refusal
{
    Invalid,
    NotFound,
    Forbidden,
    Conflict,
}

/// <summary>The result of a service call that a user's request can make fail: a value or a refusal that says why.</summary>
internal readonly record struct Outcome<T>(T? Value, Refusal? Refused, string? Reason)
{
    public static implicit operator Outcome<T>(T value) => new(value, null, null);

    public static Outcome<T> Ok(T value) => new(value, null, null);

    public static Outcome<T> Refuse(Refusal refusal, string reason) => new(default, refusal, reason);

    public bool Succeeded => Refused is null;

    /// <summary>For the hub: a refusal becomes a HubException whose message the client sees.</summary>
    public T ValueOrThrow() => Succeeded ? Value! : throw new HubException(Reason);

    public IResult ToProblem() => TypedResults.Problem(title: Reason, statusCode: Refused switch
    {
        Refusal.NotFound => StatusCodes.Status404NotFound,
        Refusal.Forbidden => StatusCodes.Status403Forbidden,
        Refusal.Conflict => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status400BadRequest,
    });
}

/// <summary>A value for methods that return nothing but may be refused.</summary>
internal readonly record struct Done;
