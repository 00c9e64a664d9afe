namespace Chat.Server.Messaging;

internal static class MessagingExtensions
{
    /// <summary>Sending, typing, history and catch-up. (The hub filter OfflineReceipts is added to the hub
    /// in AddChatRealtime, beside the other filters, where their order is kept.)</summary>
    public static IServiceCollection AddChatMessaging(this IServiceCollection services)
    {
        services.AddOptions<MessageWriterOptions>().BindConfiguration(MessageWriterOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<MessageWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<MessageWriter>());
        services.AddSingleton<MissedPushes>();
        services.AddSingleton<OfflineReceipts>();
        services.AddOptions<MessageEditOptions>().BindConfiguration(MessageWriterOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<MessagingService>();
        services.AddScoped<MessageChanges>();
        services.AddScoped<MessageActions>();
        services.AddScoped<TypingService>();
        services.AddScoped<HistoryService>();
        services.AddScoped<SyncService>();
        return services;
    }
}
