using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Chat.Server.Accounts;

/// <summary>Issues Identity bearer tokens. They are protected by Data Protection, whose key ring is kept
/// in the shared database, so any node accepts a token that another node issued. Both tokens name their
/// login's session family; the refresh token also its generation, so that each is redeemed once.</summary>
internal sealed class TokenService(
    SignInManager<ChatUser> signIn, IOptionsMonitor<BearerTokenOptions> bearer,
    ConfiguredAdmins admins, SessionFamilies families, TimeProvider clock)
{
    private const string GenerationKey = "generation";

    private BearerTokenOptions Bearer => bearer.Get(IdentityConstants.BearerScheme);

    /// <summary>Tokens for a new login: a new session family.</summary>
    public async Task<TokenDto> IssueAsync(ChatUser user)
    {
        var family = await families.StartAsync(user.Id, RefreshExpiry().UtcDateTime);
        return await IssueAsync(new Redeemed(user, family, 0));
    }

    /// <summary>Tokens for a login's next generation.</summary>
    public async Task<TokenDto> IssueAsync(Redeemed session)
    {
        var user = session.User;
        var principal = await signIn.CreateUserPrincipalAsync(user);
        var identity = (ClaimsIdentity)principal.Identity!;
        identity.AddClaim(new Claim(SessionFamily.ClaimType, session.Family.ToString("N")));
        // Granted in the database (admin grant), the principal already has the role; configured, it gets it here.
        if (admins.Contains(user.Id) && !principal.IsInRole(Roles.Admin))
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, Roles.Admin));
        }

        var now = clock.GetUtcNow();
        var options = Bearer;
        var access = new AuthenticationTicket(principal,
            new AuthenticationProperties { ExpiresUtc = now + options.BearerTokenExpiration },
            $"{IdentityConstants.BearerScheme}:AccessToken");
        var refreshProperties = new AuthenticationProperties { ExpiresUtc = RefreshExpiry() };
        refreshProperties.SetString(GenerationKey, session.Generation.ToString(CultureInfo.InvariantCulture));
        var refresh = new AuthenticationTicket(principal, refreshProperties, $"{IdentityConstants.BearerScheme}:RefreshToken");
        return new TokenDto("Bearer", options.BearerTokenProtector.Protect(access),
            (long)options.BearerTokenExpiration.TotalSeconds, options.RefreshTokenProtector.Protect(refresh),
            new UserRefDto(user.Id, user.UserName!));
    }

    /// <summary>Redeems a refresh token: unexpired, issued since the user's last logout and the newest of
    /// its family, which moves on to the next generation (or ends, if the token was used before).</summary>
    public async Task<Redeemed?> RedeemAsync(string refreshToken)
    {
        var ticket = Bearer.RefreshTokenProtector.Unprotect(refreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires || clock.GetUtcNow() >= expires
            || !Guid.TryParseExact(ticket.Principal.FindFirstValue(SessionFamily.ClaimType), "N", out var family)
            || !int.TryParse(ticket.Properties.GetString(GenerationKey), CultureInfo.InvariantCulture, out var generation))
        {
            return null;
        }

        var user = await signIn.ValidateSecurityStampAsync(ticket.Principal);
        if (user is null || !await families.AdvanceAsync(family, user.Id, generation, RefreshExpiry().UtcDateTime))
        {
            return null;
        }

        return new Redeemed(user, family, generation + 1);
    }

    private DateTimeOffset RefreshExpiry() => clock.GetUtcNow() + Bearer.RefreshTokenExpiration;
}
