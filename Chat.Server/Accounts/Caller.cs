using System.Security.Claims;

namespace Chat.Server.Accounts;

/// <summary>The authenticated user making a call; taken from the token, never from the request.</summary>
internal sealed record Caller(int Id, string Name)
{
    public static Caller From(ClaimsPrincipal user) => new(
        int.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!, System.Globalization.CultureInfo.InvariantCulture),
        user.Identity!.Name!);
}
