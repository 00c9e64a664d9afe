using Chat.Server.Accounts;
using Chat.Server.Friends;
using Chat.Server.Groups;
using Chat.Server.Messaging;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Chat.Server.Data;

/// <summary>The one model of the service. Each provider derives its own type only so that it
/// can keep its own migrations; services always ask for <see cref="ChatDbContext"/>.</summary>
internal abstract class ChatDbContext(DbContextOptions options)
    : IdentityDbContext<ChatUser, IdentityRole<int>, int>(options), IDataProtectionKeyContext
{
    public DbSet<Friendship> Friends => Set<Friendship>();
    public DbSet<Block> Blocks => Set<Block>();
    public DbSet<ChatGroup> Groups => Set<ChatGroup>();
    public DbSet<GroupMember> GroupMembers => Set<GroupMember>();
    public DbSet<GroupBan> GroupBans => Set<GroupBan>();
    public DbSet<Message> Messages => Set<Message>();
    public DbSet<MessageReaction> Reactions => Set<MessageReaction>();
    public DbSet<OfflineMessage> OfflineMessages => Set<OfflineMessage>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<SessionFamily> SessionFamilies => Set<SessionFamily>();

    /// <summary>The accounts that have not been deleted: the only ones anyone can befriend, block, ban or administer.</summary>
    public IQueryable<ChatUser> Accounts => Users.Where(u => u.DeletedAt == null);

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(ChatDbContext).Assembly);
    }

    // Every time is stored as UTC; reading it back says so, and JSON then ends it with "Z".
    protected override void ConfigureConventions(ModelConfigurationBuilder configuration) =>
        configuration.Properties<DateTime>().HaveConversion<UtcConverter>();

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
