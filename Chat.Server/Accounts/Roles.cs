namespace Chat.Server.Accounts;

internal static class Roles
{
    public const string Admin = "admin";

    /// <summary>The role's name as Identity stores it for lookups.</summary>
    public const string AdminNormalized = "ADMIN";
}
