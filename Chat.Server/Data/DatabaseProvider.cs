namespace Chat.Server.Data;

internal enum DatabaseProvider
{
    Sqlite,
    MySql,
}
