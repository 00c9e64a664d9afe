using System.Security.Claims;
using Chat.Server.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Chat.Server.Friends;

internal static class BlockEndpoints
{
    public static IEndpointRouteBuilder MapBlockEndpoints(this IEndpointRouteBuilder api)
    {
        var blocks = api.MapGroup("/account/blocks").WithTags("Blocks").RequireAuthorization();
        blocks.MapGet("/", List).WithSummary("The users you have blocked.");
        blocks.MapPut("/{userId:int}", Block)
            .WithSummary("Block a user: your friendship ends, and they can no longer befriend, message or type to you, or see your presence.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        blocks.MapDelete("/{userId:int}", Unblock).WithSummary("Unblock a user (the friendship does not come back).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Ok<List<UserRefDto>>> List(ClaimsPrincipal user, BlocksService blocks, CancellationToken ct) =>
        TypedResults.Ok(await blocks.ListAsync(Caller.From(user).Id, ct));

    private static async Task<Results<NoContent, ProblemHttpResult>> Block(
        int userId, ClaimsPrincipal user, BlocksService blocks, HttpResponse response, CancellationToken ct) =>
        (await blocks.BlockAsync(Caller.From(user), userId, ct)).ToNoContent(response);

    private static async Task<Results<NoContent, ProblemHttpResult>> Unblock(
        int userId, ClaimsPrincipal user, BlocksService blocks, HttpResponse response, CancellationToken ct) =>
        (await blocks.UnblockAsync(Caller.From(user), userId, ct)).ToNoContent(response);
}
