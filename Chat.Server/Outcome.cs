using Microsoft.AspNetCore.SignalR;

namespace Chat.Server;

/// <summary>The result of a service call that a user's request can make fail: a value, or the refusal
/// that says why. Both convert to it: <c>return group;</c>, <c>return Refused.NotFound("...");</c>.</summary>
internal readonly record struct Outcome<T>(T? Value, Refused? Refusal)
{
    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(Refused refusal) => new(default, refusal);

    /// <summary>For values of an interface type, which C# does not convert implicitly.</summary>
    public static Outcome<T> Ok(T value) => new(value, null);

    public bool Succeeded => Refusal is null;

    /// <summary>For the hub: a refusal becomes a HubException whose message the client sees.</summary>
    public T ValueOrThrow() => Refusal is { } refused ? throw new HubException(refused.Reason) : Value!;
}
