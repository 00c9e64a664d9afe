using System.Security.Claims;
using Chat.Server.Data;
using Chat.Server.Friends;
using Chat.Server.Presence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Chat.Server.Accounts;

internal static class AccountEndpoints
{
    public const string RateLimitPolicy = "accounts";

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder api)
    {
        // Tokens and account details must never sit in a browser's or proxy's cache (RFC 6749 5.1).
        var account = api.MapGroup("/account").WithTags("Account").AddEndpointFilter(NoStore);
        var anonymous = account.MapGroup("").RequireRateLimiting(RateLimitPolicy).AllowAnonymous();
        anonymous.MapPost("/register", Register).WithSummary("Create an account.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status429TooManyRequests);
        anonymous.MapPost("/login", Login).WithSummary("Sign in with name and password; returns bearer and refresh tokens.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        anonymous.MapPost("/refresh", Refresh).WithSummary("Trade a refresh token for new tokens.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);
        account.MapGet("/me", Me).RequireAuthorization().WithSummary("The signed-in user and their presence.");
        account.MapGet("/settings", Settings).RequireAuthorization().WithSummary("Your settings.");
        account.MapPut("/settings", SetSettings).RequireAuthorization().WithSummary("Change your settings.").ProducesValidationProblem();
        account.MapPut("/password", ChangePassword).RequireAuthorization()
            .WithSummary("Change your password: new tokens for this session; every other session ends on every node.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);
        account.MapDelete("", DeleteAccount).RequireAuthorization()
            .WithSummary("Delete your account (asks for the password); erase also empties the messages you sent.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);

        api.MapGet("/users", Search).RequireAuthorization().WithTags("Users")
            .WithSummary("Users whose name starts with the given text (at most 20).").ProducesValidationProblem();
        return api;
    }

    private static ValueTask<object?> NoStore(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        context.HttpContext.Response.Headers.CacheControl = "no-store";
        context.HttpContext.Response.Headers.Pragma = "no-cache";
        return next(context);
    }

    private static async Task<Results<Created<UserRefDto>, ProblemHttpResult>> Register(
        CredentialsRequest body, AccountService accounts, HttpResponse response)
    {
        var registered = await accounts.RegisterAsync(body.Name.Trim(), body.Password);
        return registered.Refusal is { } refused
            ? refused.ToProblem(response)
            : TypedResults.Created($"/api/users/{registered.Value!.Id}", registered.Value);
    }

    private static async Task<Results<Ok<TokenDto>, ProblemHttpResult>> Login(CredentialsRequest body, AccountService accounts, HttpContext http)
    {
        // The client's address as the forwarded headers gave it (UseChatForwardedHeaders).
        var signedIn = await accounts.LoginAsync(body.Name.Trim(), body.Password, http.Connection.RemoteIpAddress);
        return signedIn.Refusal is { } refused ? refused.ToProblem(http.Response) : TypedResults.Ok(signedIn.Value!);
    }

    private static async Task<Results<Ok<TokenDto>, ProblemHttpResult>> Refresh(RefreshRequest body, AccountService accounts) =>
        await accounts.RefreshAsync(body.RefreshToken) is { } token
            ? TypedResults.Ok(token)
            : TypedResults.Problem(title: "The refresh token is invalid or expired; sign in again.", statusCode: StatusCodes.Status401Unauthorized);

    private static async Task<Ok<MeStateDto>> Me(ClaimsPrincipal principal, IPresenceTracker presence)
    {
        var me = Caller.From(principal);
        var online = await presence.IsOnlineAsync(me.Id);
        return TypedResults.Ok(new MeStateDto(me.Id, me.Name, online ? UserStates.Online : UserStates.Offline));
    }

    private static async Task<Results<Ok<SettingsDto>, UnauthorizedHttpResult>> Settings(
        ClaimsPrincipal user, AccountSelfService self, CancellationToken ct) =>
        await self.SettingsAsync(Caller.From(user).Id, ct) is { } settings ? TypedResults.Ok(settings) : TypedResults.Unauthorized();

    private static async Task<Ok<SettingsDto>> SetSettings(SettingsRequest body, ClaimsPrincipal user, AccountSelfService self, CancellationToken ct) =>
        TypedResults.Ok(await self.SetSettingsAsync(Caller.From(user).Id, body.ReadReceipts!.Value, ct));

    private static async Task<Results<Ok<TokenDto>, ProblemHttpResult>> ChangePassword(
        PasswordChangeRequest body, ClaimsPrincipal user, AccountSelfService self, HttpContext http) =>
        (await self.ChangePasswordAsync(user, body.CurrentPassword, body.NewPassword, http.Connection.RemoteIpAddress)).ToOk(http.Response);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAccount(
        [FromBody] DeleteAccountRequest body, ClaimsPrincipal user, AccountSelfService self, HttpContext http, CancellationToken ct) =>
        (await self.DeleteAsync(user, body.Password, body.Erase, http.Connection.RemoteIpAddress, ct)).ToNoContent(http.Response);

    private static async Task<Results<Ok<List<UserDto>>, ValidationProblem>> Search(
        string? name, ClaimsPrincipal user, ChatDbContext db, IPresenceTracker presence, CancellationToken ct)
    {
        // An empty text would list everyone, a page at a time.
        if (string.IsNullOrWhiteSpace(name))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = ["name must have at least one character other than spaces."] });
        }

        var prefix = Like.Escape(name.Trim().ToUpperInvariant()) + "%";
        var found = await db.Users.AsNoTracking()
            .Where(u => EF.Functions.Like(u.NormalizedUserName!, prefix, Like.EscapeChar))
            .OrderBy(u => u.NormalizedUserName).Take(20)
            .Select(u => new { u.Id, Name = u.UserName! })
            .ToListAsync(ct);
        var online = await (await presence.OnlineAmongAsync(found.ConvertAll(u => u.Id))).VisibleToAsync(db, Caller.From(user).Id, ct);
        return TypedResults.Ok(found.ConvertAll(u => new UserDto(u.Id, u.Name, online.Contains(u.Id))));
    }
}
