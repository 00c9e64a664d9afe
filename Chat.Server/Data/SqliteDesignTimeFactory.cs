using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Chat.Server.Data;

// Used only by `dotnet ef migrations add`; see README ("Changing the schema").
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteChatDbContext>
{
    public SqliteChatDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteChatDbContext>().UseSqlite("Data Source=design.db").Options);
}
