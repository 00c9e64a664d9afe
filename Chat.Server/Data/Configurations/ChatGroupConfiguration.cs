using Chat.Server.Accounts;
using Chat.Server.Groups;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Chat.Server.Data.Configurations;

internal sealed class ChatGroupConfiguration : IEntityTypeConfiguration<ChatGroup>
{
    public void Configure(EntityTypeBuilder<ChatGroup> builder)
    {
        builder.ToTable("AllGroup");
        builder.Property(g => g.Name).HasColumnName("GroupName").HasMaxLength(ChatGroup.NameMaxLength).IsRequired();
        builder.Property(g => g.Description).HasColumnName("GroupDesc").HasMaxLength(ChatGroup.DescriptionMaxLength).IsRequired();
        builder.HasIndex(g => g.Name);
        builder.HasOne<ChatUser>().WithMany().HasForeignKey(g => g.CreatorId).OnDelete(DeleteBehavior.Restrict);
    }
}
