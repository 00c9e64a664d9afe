using Chat.Server.Accounts;

namespace Chat.Server.Observability;

/// <summary>Every log line written while serving a signed-in user names that user (the JSON console format
/// shows scopes). For a hub connection the scope is opened once around the whole connection, so its set-up,
/// its calls and the calls SignalR could not bind all carry it, with SignalR's own TransportConnectionId.</summary>
internal static class UserLogScope
{
    private static readonly Func<ILogger, int, IDisposable?> Scope = LoggerMessage.DefineScope<int>("User {UserId}");

    public static IDisposable? Begin(ILogger logger, int userId) => Scope(logger, userId);

    /// <summary>After authentication: REST and negotiation requests of a signed-in user.</summary>
    public static IApplicationBuilder UseUserLogScope(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(UserLogScope));
        return app.Use(async (context, next) =>
        {
            using var scope = context.User.Identity?.IsAuthenticated == true ? Begin(logger, Caller.From(context.User).Id) : null;
            await next(context);
        });
    }
}
