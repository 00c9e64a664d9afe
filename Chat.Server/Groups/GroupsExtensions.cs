namespace Chat.Server.Groups;

internal static class GroupsExtensions
{
    public static IServiceCollection AddChatGroups(this IServiceCollection services)
    {
        services.AddScoped<GroupMembership>();
        services.AddScoped<HubMembership>();
        services.AddScoped<GroupQueries>();
        services.AddScoped<GroupPushes>();
        services.AddScoped<GroupsService>();
        services.AddScoped<GroupModeration>();
        return services;
    }
}
