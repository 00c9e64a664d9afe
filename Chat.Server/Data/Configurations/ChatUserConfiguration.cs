using Chat.Server.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Chat.Server.Data.Configurations;

internal sealed class ChatUserConfiguration : IEntityTypeConfiguration<ChatUser>
{
    public const int NameMaxLength = 32;

    public void Configure(EntityTypeBuilder<ChatUser> builder)
    {
        builder.ToTable("User");
        builder.Property(u => u.UserName).HasMaxLength(NameMaxLength);
        builder.Property(u => u.NormalizedUserName).HasMaxLength(NameMaxLength);
        builder.Property(u => u.State).HasMaxLength(8).IsRequired();
    }
}
