using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Chat.Server.Accounts;

/// <summary>Issues Identity bearer tokens. They are protected by Data Protection, whose key ring is kept
/// in the shared database, so any node accepts a token that another node issued.</summary>
internal sealed class TokenService(
    SignInManager<ChatUser> signIn, IOptionsMonitor<BearerTokenOptions> bearer,
    IOptions<AccountOptions> accounts, TimeProvider clock)
{
    private BearerTokenOptions Bearer => bearer.Get(IdentityConstants.BearerScheme);

    public async Task<TokenDto> IssueAsync(ChatUser user)
    {
        var principal = await signIn.CreateUserPrincipalAsync(user);
        if (accounts.Value.Admins.Contains(user.UserName, StringComparer.OrdinalIgnoreCase))
        {
            ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(ClaimTypes.Role, Roles.Admin));
        }

        var now = clock.GetUtcNow();
        var options = Bearer;
        var access = new AuthenticationTicket(principal,
            new AuthenticationProperties { ExpiresUtc = now + options.BearerTokenExpiration },
            $"{IdentityConstants.BearerScheme}:AccessToken");
        var refresh = new AuthenticationTicket(principal,
            new AuthenticationProperties { ExpiresUtc = now + options.RefreshTokenExpiration },
            $"{IdentityConstants.BearerScheme}:RefreshToken");
        return new TokenDto("Bearer", options.BearerTokenProtector.Protect(access),
            (long)options.BearerTokenExpiration.TotalSeconds, options.RefreshTokenProtector.Protect(refresh),
            new UserRefDto(user.Id, user.UserName!));
    }

    /// <summary>The user a refresh token belongs to, if it is unexpired and issued since their last logout.</summary>
    public async Task<ChatUser?> RedeemAsync(string refreshToken)
    {
        var ticket = Bearer.RefreshTokenProtector.Unprotect(refreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires || clock.GetUtcNow() >= expires)
        {
            return null;
        }

        return await signIn.ValidateSecurityStampAsync(ticket.Principal);
    }
}
