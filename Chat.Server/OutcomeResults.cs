using Microsoft.AspNetCore.Http.HttpResults;

namespace Chat.Server;

/// <summary>REST answers of an <see cref="Outcome{T}"/>: the success result, or the refusal's ProblemDetails.</summary>
internal static class OutcomeResults
{
    public static Results<Ok<T>, ProblemHttpResult> ToOk<T>(this Outcome<T> outcome, HttpResponse response) =>
        outcome.Refusal is { } refused ? refused.ToProblem(response) : TypedResults.Ok(outcome.Value);

    public static Results<NoContent, ProblemHttpResult> ToNoContent(this Outcome<Done> outcome, HttpResponse response) =>
        outcome.Refusal is { } refused ? refused.ToProblem(response) : TypedResults.NoContent();
}
