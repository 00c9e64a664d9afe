namespace Chat.Server;

internal static class CommonExtensions
{
    /// <summary>What the features share: the clock and the per-user action limits.</summary>
    public static IServiceCollection AddChatCommon(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<ActionLimitOptions>().BindConfiguration(ActionLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ActionLimiter>();
        return services;
    }
}
