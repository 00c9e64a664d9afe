using Microsoft.EntityFrameworkCore;

namespace Chat.Server.Data;

internal sealed class MySqlChatDbContext(DbContextOptions<MySqlChatDbContext> options) : ChatDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        // utf8mb4 everywhere: the original's utf8/gbk mix lost emoji and non-GBK text.
        builder.HasCharSet("utf8mb4");
        base.OnModelCreating(builder);
        // Compared byte by byte: under the default collation every emoji outside the BMP equals every other.
        builder.Entity<Messaging.MessageReaction>().Property(r => r.Emoji).UseCollation("utf8mb4_bin");
    }
}
