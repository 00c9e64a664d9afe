using Chat.Server.Friends;
using Chat.Server.Groups;
using Chat.Server.Messaging;
using Chat.Server.Presence;
using Microsoft.AspNetCore.SignalR;

namespace Chat.Server.Realtime;

internal static class RealtimeExtensions
{
    public static WebApplicationBuilder AddChatRealtime(this WebApplicationBuilder builder)
    {
        builder.Services.AddSignalR(hub =>
        {
            // Lets a client see why its call could not be bound (wrong types or count); HubErrorFilter
            // already turns every other failure into a safe message.
            hub.EnableDetailedErrors = true;
            hub.MaximumReceiveMessageSize = 32 * 1024;
            hub.KeepAliveInterval = TimeSpan.FromSeconds(15);
            hub.ClientTimeoutInterval = TimeSpan.FromSeconds(30);
            hub.AddFilter<HubErrorFilter>();
        });
        builder.Services.AddSingleton<IPresenceTracker, LocalPresenceTracker>();
        builder.Services.AddSingleton<ConnectionRegistry>();
        builder.Services.AddScoped<ConnectionLifecycle>();
        builder.Services.AddScoped<PresenceNotifier>();
        builder.Services.AddScoped<HubMembership>();
        builder.Services.AddScoped<TypingService>();
        return builder;
    }

    public static IServiceCollection AddChatServices(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<FriendsService>();
        services.AddScoped<GroupQueries>();
        services.AddScoped<GroupsService>();
        services.AddScoped<MessageStore>();
        services.AddScoped<MessagingService>();
        services.AddScoped<HistoryService>();
        services.AddScoped<SyncService>();
        return services;
    }
}
