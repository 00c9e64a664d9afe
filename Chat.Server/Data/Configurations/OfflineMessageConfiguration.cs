using Chat.Server.Accounts;
using Chat.Server.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Chat.Server.Data.Configurations;

internal sealed class OfflineMessageConfiguration : IEntityTypeConfiguration<OfflineMessage>
{
    public void Configure(EntityTypeBuilder<OfflineMessage> builder)
    {
        builder.ToTable("OfflineMessage");
        builder.HasKey(o => new { o.UserId, o.MessageId });
        builder.HasIndex(o => o.MessageId);
        builder.HasOne<ChatUser>().WithMany().HasForeignKey(o => o.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Message>().WithMany().HasForeignKey(o => o.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}
