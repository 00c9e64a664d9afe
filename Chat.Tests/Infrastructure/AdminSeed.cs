using Chat.Server.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chat.Tests.Infrastructure;

/// <summary>Creates <see cref="ChatAppFactory.AdminName"/>'s account through the node's own Identity
/// before the node reads <c>Accounts:Admins</c>, which grants the role only to accounts that exist when it
/// starts. It runs as the node's first hosted service: after the migrations, before the others and before
/// the server listens, so no node restart is needed.</summary>
internal sealed class AdminSeed(IServiceScopeFactory scopes) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ChatUser>>();
        if (await users.FindByNameAsync(ChatAppFactory.AdminName) is not null)
        {
            return;
        }

        IdentityResult created;
        try
        {
            created = await users.CreateAsync(new ChatUser { UserName = ChatAppFactory.AdminName, CreatedAt = DateTime.UtcNow }, ChatAppFactory.Password);
        }
        catch (DbUpdateException)
        {
            // Nodes sharing one database may seed at the same moment: the unique index let one of them make it.
            return;
        }

        // The same race, seen by Identity's own check before the insert.
        if (!created.Succeeded && !created.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.DuplicateUserName)))
        {
            throw new InvalidOperationException($"Could not seed the admin account: {string.Join("; ", created.Errors.Select(e => e.Description))}");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
