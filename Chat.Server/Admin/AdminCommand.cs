using Chat.Server.Accounts;
using Microsoft.AspNetCore.Identity;

namespace Chat.Server.Admin;

/// <summary><c>dotnet Chat.Server.dll admin grant NAME</c> / <c>admin revoke NAME</c>: gives or takes the admin
/// role in the node's configured database, from a shell on the server (no request can). Revoking ends the
/// account's sessions, so no token issued with the role stays usable.</summary>
internal sealed record AdminCommand(bool Grant, string Name)
{
    /// <summary>The command, if <paramref name="args"/> start with one; <paramref name="rest"/> are the
    /// arguments left for the configuration (such as --ConnectionStrings:Chat).</summary>
    public static AdminCommand? Parse(string[] args, out string[] rest)
    {
        rest = args;
        if (args is not ["admin", var verb, var name, ..] || verb is not ("grant" or "revoke"))
        {
            return null;
        }

        rest = args[3..];
        return new AdminCommand(verb == "grant", name);
    }

    public static bool IsAttempt(string[] args) => args is ["admin", ..];

    public const string Usage = "usage: dotnet Chat.Server.dll admin grant|revoke NAME [--setting value ...]";

    /// <summary>Runs against the built (not started) application; returns the process's exit code.</summary>
    public async Task<int> RunAsync(IServiceProvider services, TextWriter output)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ChatUser>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole<int>>>();
        // Exact name: the database may compare names without regard to case.
        if (await users.FindByNameAsync(Name) is not { } user || user.UserName != Name)
        {
            await output.WriteLineAsync($"There is no account named '{Name}'.");
            return 1;
        }

        if (!await roles.RoleExistsAsync(Roles.Admin))
        {
            Check(await roles.CreateAsync(new IdentityRole<int>(Roles.Admin)));
        }

        var isAdmin = await users.IsInRoleAsync(user, Roles.Admin);
        if (Grant && !isAdmin)
        {
            Check(await users.AddToRoleAsync(user, Roles.Admin));
        }
        else if (!Grant && isAdmin)
        {
            Check(await users.RemoveFromRoleAsync(user, Roles.Admin));
            Check(await users.UpdateSecurityStampAsync(user));
        }

        await output.WriteLineAsync(Grant
            ? $"'{Name}' is an admin{(isAdmin ? " already" : "")}; the role comes with their next sign-in."
            : $"'{Name}' is {(isAdmin ? "no longer" : "not")} an admin{(isAdmin ? "; their sessions have ended" : "")}.");
        return 0;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
