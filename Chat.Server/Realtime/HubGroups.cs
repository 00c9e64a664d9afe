namespace Chat.Server.Realtime;

/// <summary>SignalR group names: one per chat group. (A user's connections are reached with Clients.User.)</summary>
internal static class HubGroups
{
    public static string Chat(int groupId) => $"g:{groupId}";
}
