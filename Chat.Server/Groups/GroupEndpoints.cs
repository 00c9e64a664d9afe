using System.Security.Claims;
using Chat.Server.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Chat.Server.Groups;

internal static class GroupEndpoints
{
    public static RouteGroupBuilder MapGroupEndpoints(this IEndpointRouteBuilder api)
    {
        var groups = api.MapGroup("/groups").WithTags("Groups").RequireAuthorization();
        groups.MapGet("/", ListGroups).WithSummary("Groups, by name, a page at a time; `name` filters by part of the name.");
        groups.MapPost("/", CreateGroup).WithSummary("Create a group; the caller is its creator.").ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status429TooManyRequests);
        groups.MapGet("/{id:int}", GetGroup).WithSummary("A group with its members.").ProducesProblem(StatusCodes.Status404NotFound);
        groups.MapPut("/{id:int}", UpdateGroup).WithSummary("Rename or describe a group (creator or admin).")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        groups.MapDelete("/{id:int}", DeleteGroup).WithSummary("Delete a group and its messages (creator or admin).")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        groups.MapPost("/{id:int}/members", JoinGroup).WithSummary("Join a group.").ProducesProblem(StatusCodes.Status404NotFound);
        groups.MapDelete("/{id:int}/members/{userId:int}", RemoveMember)
            .WithSummary("Leave a group (your own id), or remove a member (creator or admin).")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        groups.MapPut("/{id:int}/creator", HandOver).WithSummary("Hand the group over to another member (creator or admin).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        groups.MapGet("/{id:int}/bans", Bans).WithSummary("The users banned from the group (creator or admin).")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        groups.MapPut("/{id:int}/bans/{userId:int}", Ban).WithSummary("Ban a user: removed if a member, refused when joining (creator or admin).")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        groups.MapDelete("/{id:int}/bans/{userId:int}", Unban).WithSummary("Lift a ban (creator or admin).")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        return groups;
    }

    private static async Task<Results<Ok<GroupPageDto>, ValidationProblem>> ListGroups(
        GroupQueries queries, CancellationToken ct, string? name = null, int page = 1, int pageSize = 20)
    {
        var errors = new Dictionary<string, string[]>();
        if (page < 1)
        {
            errors["page"] = ["page must be 1 or more."];
        }

        if (pageSize is < 1 or > 100)
        {
            errors["pageSize"] = ["pageSize must be 1 to 100."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Ok(await queries.PageAsync(name, page, pageSize, ct));
    }

    private static async Task<Results<Created<GroupDto>, ProblemHttpResult>> CreateGroup(
        GroupRequest body, ClaimsPrincipal user, GroupsService groups, HttpResponse response, CancellationToken ct)
    {
        var created = await groups.CreateAsync(Caller.From(user), body.Name, body.Description, ct);
        return created.Refusal is { } refused
            ? refused.ToProblem(response)
            : TypedResults.Created($"/api/groups/{created.Value!.Id}", created.Value);
    }

    private static async Task<Results<Ok<GroupDto>, ProblemHttpResult>> GetGroup(int id, ClaimsPrincipal user, GroupQueries queries, CancellationToken ct) =>
        await queries.GetAsync(id, Caller.From(user).Id, ct) is { } group
            ? TypedResults.Ok(group)
            : TypedResults.Problem(title: $"There is no group {id}.", statusCode: StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<GroupDto>, ProblemHttpResult>> UpdateGroup(
        int id, GroupRequest body, ClaimsPrincipal user, GroupsService groups, HttpResponse response, CancellationToken ct) =>
        (await groups.UpdateAsync(Caller.From(user), isAdmin: user.IsInRole(Roles.Admin), id, body.Name, body.Description, ct)).ToOk(response);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteGroup(
        int id, ClaimsPrincipal user, GroupsService groups, HttpResponse response, CancellationToken ct) =>
        (await groups.DeleteAsync(Caller.From(user), isAdmin: user.IsInRole(Roles.Admin), id, ct)).ToNoContent(response);

    private static async Task<Results<Ok<GroupDto>, ProblemHttpResult>> JoinGroup(
        int id, ClaimsPrincipal user, GroupsService groups, HttpResponse response, CancellationToken ct) =>
        (await groups.JoinAsync(Caller.From(user), id, ct)).ToOk(response);

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveMember(
        int id, int userId, ClaimsPrincipal user, GroupsService groups, HttpResponse response, CancellationToken ct) =>
        (await groups.RemoveMemberAsync(Caller.From(user), isAdmin: user.IsInRole(Roles.Admin), id, userId, ct)).ToNoContent(response);

    private static async Task<Results<Ok<GroupDto>, ProblemHttpResult>> HandOver(
        int id, CreatorRequest body, ClaimsPrincipal user, GroupModeration moderation, HttpResponse response, CancellationToken ct) =>
        (await moderation.HandOverAsync(Caller.From(user), isAdmin: user.IsInRole(Roles.Admin), id, body.UserId!.Value, ct)).ToOk(response);

    private static async Task<Results<Ok<List<UserRefDto>>, ProblemHttpResult>> Bans(
        int id, ClaimsPrincipal user, GroupModeration moderation, HttpResponse response, CancellationToken ct) =>
        (await moderation.BansAsync(Caller.From(user), isAdmin: user.IsInRole(Roles.Admin), id, ct)).ToOk(response);

    private static async Task<Results<NoContent, ProblemHttpResult>> Ban(
        int id, int userId, ClaimsPrincipal user, GroupModeration moderation, HttpResponse response, CancellationToken ct) =>
        (await moderation.BanAsync(Caller.From(user), isAdmin: user.IsInRole(Roles.Admin), id, userId, ct)).ToNoContent(response);

    private static async Task<Results<NoContent, ProblemHttpResult>> Unban(
        int id, int userId, ClaimsPrincipal user, GroupModeration moderation, HttpResponse response, CancellationToken ct) =>
        (await moderation.UnbanAsync(Caller.From(user), isAdmin: user.IsInRole(Roles.Admin), id, userId, ct)).ToNoContent(response);
}
