using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Chat.Server.Data;

// Used only by `dotnet ef migrations add`; see README ("Changing the schema").
internal sealed class MySqlDesignTimeFactory : IDesignTimeDbContextFactory<MySqlChatDbContext>
{
    public MySqlChatDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<MySqlChatDbContext>()
            .UseMySql("Server=localhost;Database=chat", ServerVersion.Parse(new DatabaseOptions().ServerVersion)).Options);
}
