namespace Chat.Server.Groups;

internal static class GroupRoles
{
    public const string Creator = "creator";
    public const string Normal = "normal";
}
