namespace Chat.Server.Accounts;

internal static class Roles
{
    public const string Admin = "admin";
}
