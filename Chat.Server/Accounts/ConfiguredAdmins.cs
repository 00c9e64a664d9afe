using Chat.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Chat.Server.Accounts;

/// <summary>The accounts that <c>Accounts:Admins</c> makes admins: resolved to user ids once, as the node
/// starts (after the migrations, before it serves anyone), and by exact name. Matching names at sign-in
/// instead would hand the role to whoever registers a configured name first, in any letter case; ids of
/// accounts that already existed cannot be taken over. A name registered later is an admin only after
/// the next start, so an operator registers the account first and names it in the configuration then.</summary>
internal sealed class ConfiguredAdmins(IServiceScopeFactory scopes, IOptions<AccountOptions> options, ILogger<ConfiguredAdmins> logger)
    : IHostedService
{
    public const string Setting = "Accounts:Admins";

    private HashSet<int> _ids = [];

    public bool Contains(int userId) => _ids.Contains(userId);

    /// <summary>The configured name a registration is about, if any (in any letter case), so that it can be logged.</summary>
    public string? Configured(string name) => options.Value.Admins.FirstOrDefault(a => string.Equals(a, name, StringComparison.OrdinalIgnoreCase));

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var names = options.Value.Admins.Distinct(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
        // MySQL compares names without regard to case; only an exact match counts.
        var found = (await db.Users.AsNoTracking().Where(u => names.Contains(u.UserName!))
                .Select(u => new { u.Id, Name = u.UserName! }).ToListAsync(cancellationToken))
            .Where(u => names.Contains(u.Name, StringComparer.Ordinal)).ToList();
        _ids = [.. found.Select(u => u.Id)];
        foreach (var name in names.Where(n => !found.Any(u => u.Name == n)))
        {
            logger.LogWarning("{Setting} names '{Name}' but no such account exists; register it and restart", Setting, name);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
