using Chat.Server.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Chat.Server.Admin;

internal static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder api)
    {
        var admin = api.MapGroup("/admin").WithTags("Admin")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Admin))
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        admin.MapGet("/users", ListUsers).WithSummary("Accounts, newest first, a page at a time; `name` filters by the start of the name.")
            .ProducesValidationProblem();
        admin.MapPut("/users/{id:int}/disabled", SetDisabled)
            .WithSummary("Disable or enable an account; disabling ends every session of it on every node.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPut("/users/{id:int}/password", ResetPassword)
            .WithSummary("Set a new password for an account; every session of it ends.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapDelete("/users/{id:int}", DeleteUser)
            .WithSummary("Delete an account as DELETE /api/account does; erase also empties the messages it sent.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Ok<AdminUserPageDto>, ValidationProblem>> ListUsers(
        AdminService admin, CancellationToken ct, string? name = null, int page = 1, int pageSize = 50)
    {
        var errors = new Dictionary<string, string[]>();
        if (page < 1)
        {
            errors["page"] = ["page must be 1 or more."];
        }

        if (pageSize is < 1 or > 200)
        {
            errors["pageSize"] = ["pageSize must be 1 to 200."];
        }

        return errors.Count > 0 ? TypedResults.ValidationProblem(errors) : TypedResults.Ok(await admin.UsersAsync(name, page, pageSize, ct));
    }

    private static async Task<Results<Ok<AdminUserDto>, ProblemHttpResult>> SetDisabled(
        int id, DisabledRequest body, AdminService admin, HttpResponse response, CancellationToken ct) =>
        (await admin.SetDisabledAsync(id, body.Disabled!.Value, ct)).ToOk(response);

    private static async Task<Results<NoContent, ProblemHttpResult>> ResetPassword(
        int id, PasswordResetRequest body, AdminService admin, HttpResponse response) =>
        (await admin.ResetPasswordAsync(id, body.Password)).ToNoContent(response);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteUser(
        int id, AdminService admin, HttpResponse response, CancellationToken ct, bool erase = false) =>
        (await admin.DeleteAsync(id, erase, ct)).ToNoContent(response);
}
