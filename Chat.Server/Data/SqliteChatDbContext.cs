using Microsoft.EntityFrameworkCore;

namespace Chat.Server.Data;

internal sealed class SqliteChatDbContext(DbContextOptions<SqliteChatDbContext> options) : ChatDbContext(options);
