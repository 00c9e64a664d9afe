using Chat.Server.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Chat.Server.Data.Configurations;

internal sealed class SessionFamilyConfiguration : IEntityTypeConfiguration<SessionFamily>
{
    public void Configure(EntityTypeBuilder<SessionFamily> builder)
    {
        builder.ToTable("SessionFamily");
        builder.Property(f => f.Id).ValueGeneratedNever();
        builder.HasIndex(f => new { f.UserId, f.ExpiresAt }); // expired families are swept per user at login
        builder.HasOne<ChatUser>().WithMany().HasForeignKey(f => f.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
