using Chat.Server.Accounts;
using Chat.Server.Friends;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Chat.Server.Data.Configurations;

internal sealed class BlockConfiguration : IEntityTypeConfiguration<Block>
{
    public void Configure(EntityTypeBuilder<Block> builder)
    {
        builder.ToTable("Block");
        builder.HasKey(b => new { b.UserId, b.BlockedId });
        // "Who blocked this viewer" is asked by presence and search.
        builder.HasIndex(b => b.BlockedId);
        builder.HasOne<ChatUser>().WithMany().HasForeignKey(b => b.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ChatUser>().WithMany().HasForeignKey(b => b.BlockedId).OnDelete(DeleteBehavior.Cascade);
    }
}
