using Chat.Server.Accounts;
using Chat.Server.Groups;
using Chat.Server.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Chat.Server.Data.Configurations;

internal sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> builder)
    {
        builder.ToTable("Message");
        builder.Property(m => m.Kind).HasConversion<byte>();
        builder.Property(m => m.Text).HasMaxLength(Message.TextMaxLength).IsRequired();
        builder.Property(m => m.ClientMessageId).HasMaxLength(Message.ClientMessageIdMaxLength).IsRequired();
        builder.HasIndex(m => new { m.SenderId, m.ClientMessageId }).IsUnique();
        builder.HasIndex(m => new { m.PairKey, m.Id });
        builder.HasIndex(m => new { m.GroupId, m.Id });
        builder.HasIndex(m => new { m.RecipientId, m.Id });
        builder.HasIndex(m => m.SentAt);
        // Catch-up's second stream: the messages changed since the cursor.
        builder.HasIndex(m => m.ChangeId);
        builder.HasOne<ChatUser>().WithMany().HasForeignKey(m => m.SenderId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ChatUser>().WithMany().HasForeignKey(m => m.RecipientId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ChatGroup>().WithMany().HasForeignKey(m => m.GroupId).OnDelete(DeleteBehavior.Cascade);
    }
}
