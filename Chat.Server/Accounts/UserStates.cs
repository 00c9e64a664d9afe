namespace Chat.Server.Accounts;

internal static class UserStates
{
    public const string Online = "online";
    public const string Offline = "offline";
}
