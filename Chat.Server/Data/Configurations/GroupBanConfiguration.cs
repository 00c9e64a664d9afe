using Chat.Server.Accounts;
using Chat.Server.Groups;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Chat.Server.Data.Configurations;

internal sealed class GroupBanConfiguration : IEntityTypeConfiguration<GroupBan>
{
    public void Configure(EntityTypeBuilder<GroupBan> builder)
    {
        builder.ToTable("GroupBan");
        builder.HasKey(b => new { b.GroupId, b.UserId });
        builder.HasIndex(b => b.UserId);
        builder.HasOne<ChatGroup>().WithMany().HasForeignKey(b => b.GroupId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ChatUser>().WithMany().HasForeignKey(b => b.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
