namespace Chat.Server.Friends;

internal static class FriendsExtensions
{
    public static IServiceCollection AddChatFriends(this IServiceCollection services)
    {
        services.AddSingleton<FriendPairs>();
        services.AddScoped<FriendsService>();
        services.AddScoped<BlocksService>();
        return services;
    }
}
