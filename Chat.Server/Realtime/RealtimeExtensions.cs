using Chat.Server.Friends;
using Chat.Server.Messaging;
using Chat.Server.Observability;
using Chat.Server.Presence;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Chat.Server.Realtime;

internal static class RealtimeExtensions
{
    public static WebApplicationBuilder AddChatRealtime(this WebApplicationBuilder builder)
    {
        var signalR = builder.Services.AddSignalR(hub =>
        {
            // Lets a client see why its call could not be bound (wrong types or count); HubErrorFilter
            // already turns every other failure into a safe message.
            hub.EnableDetailedErrors = true;
            hub.MaximumReceiveMessageSize = 32 * 1024;
            hub.KeepAliveInterval = TimeSpan.FromSeconds(15);
            hub.ClientTimeoutInterval = TimeSpan.FromSeconds(30);
            // Outermost first: the drain counts every call, the error filter sees (and logs) everything, the
            // activity covers throttled and queued calls too.
            hub.AddFilter<HubDrain>();
            hub.AddFilter<HubErrorFilter>();
            hub.AddFilter<HubActivityFilter>();
            hub.AddFilter<CatchUpGate>();
            hub.AddFilter<OfflineReceipts>();
            hub.AddFilter<SendThrottleFilter>();
        });
        // SignalR's JSON protocol, wrapped: calls it cannot bind never reach a hub filter.
        builder.Services.Replace(ServiceDescriptor.Singleton<IHubProtocol>(services => new BindingFailureLog(
            new JsonHubProtocol(services.GetRequiredService<IOptions<JsonHubProtocolOptions>>()), services.GetRequiredService<ILogger<BindingFailureLog>>())));
        builder.Services.AddOptions<HubLimitOptions>().BindConfiguration(HubLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<SendThrottleFilter>();
        builder.Services.AddSingleton<CatchUpGate>();
        builder.Services.AddSingleton<UserBudgets>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<UserBudgets>());
        builder.Services.AddSingleton<ConnectionRegistry>();
        // Its StoppingAsync runs before any hosted service stops: it drains the hub while they all still run.
        builder.Services.AddSingleton<HubDrain>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<HubDrain>());
        builder.Services.AddHealthChecks().AddCheck<HubDrain>("draining", HealthStatus.Unhealthy, ["ready"]);
        builder.Services.AddScoped<ConnectionLifecycle>();
        builder.Services.AddScoped<PresenceNotifier>();
        builder.Services.AddSingleton<BackplaneStatus>();

        var redis = builder.Configuration.GetConnectionString("Redis");
        if (string.IsNullOrWhiteSpace(redis))
        {
            builder.Services.AddSingleton<IPresenceTracker, LocalPresenceTracker>();
            builder.Services.AddSingleton<ISessionControl, LocalSessionControl>();
            builder.Services.AddSingleton<IFriendshipEnds, LocalFriendshipEnds>();
            return builder;
        }

        // One multiplexer for the backplane, presence and session control. AbortOnConnectFail=false:
        // the node starts and serves while Redis is away, and reconnects by itself. FailFast: while
        // Redis is away a push fails at once instead of waiting seconds in a queue, so acknowledging a
        // stored message never waits for Redis (clients catch up with Sync when it is back).
        var options = ConfigurationOptions.Parse(redis);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        // Replies complete on the shared thread pool instead of a dedicated one: one thread hop less per
        // Redis call, and no second pool of threads competing for the cores.
        options.SocketManager = SocketManager.ThreadPool;
        // Unique per process even when Cluster:NodeId names the node: a node that crashes and restarts at
        // once must not renew the dead process's heartbeat, or its users would never be swept offline.
        var node = new NodeIdentity($"{builder.BindAtStartup<ClusterOptions>(ClusterOptions.Section).NodeId ?? Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        options.ClientName = node.Id;
        var multiplexer = ConnectionMultiplexer.Connect(options);
        builder.Services.AddSingleton<IConnectionMultiplexer>(multiplexer);
        builder.Services.AddSingleton(node);
        signalR.AddStackExchangeRedis(backplane => backplane.Configuration.ChannelPrefix = RedisChannel.Literal("chat"));
        builder.Services.AddOptions<RedisOptions>().Configure(backplane => backplane.ConnectionFactory = _ => Task.FromResult<IConnectionMultiplexer>(multiplexer));
        builder.Services.AddSingleton<IPresenceTracker, RedisPresenceTracker>();
        builder.Services.AddSingleton<RedisSessionControl>();
        builder.Services.AddSingleton<ISessionControl>(sp => sp.GetRequiredService<RedisSessionControl>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RedisSessionControl>());
        builder.Services.AddSingleton<RedisFriendshipEnds>();
        builder.Services.AddSingleton<IFriendshipEnds>(sp => sp.GetRequiredService<RedisFriendshipEnds>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RedisFriendshipEnds>());
        builder.Services.AddSingleton<SharedBudgets>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SharedBudgets>());
        builder.Services.AddSingleton<ClusterPresenceService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ClusterPresenceService>());
        // Recovery in this order: presence first (sends after it see who is online), friend pairs remembered
        // again, then what was missed.
        builder.Services.AddSingleton<IBackplaneRecovery>(sp => sp.GetRequiredService<ClusterPresenceService>());
        builder.Services.AddSingleton<IBackplaneRecovery>(sp => sp.GetRequiredService<RedisFriendshipEnds>());
        builder.Services.AddSingleton<IBackplaneRecovery>(sp => sp.GetRequiredService<MissedPushes>());
        builder.Services.AddSingleton<IBackplaneRecovery, GapReplay>();
        builder.Services.AddHostedService<BackplaneMonitor>();
        builder.Services.AddHealthChecks()
            .AddRedis(_ => multiplexer, "redis", HealthStatus.Degraded, ["ready"])
            .AddCheck<BackplaneHealthCheck>("backplane", HealthStatus.Degraded, ["ready"]);
        return builder;
    }

    /// <summary>WebSockets only: long polling and Server-Sent Events tie a connection's requests together by
    /// connection token alone, so any signed-in user who learnt a token could read and send on it (see README).</summary>
    public static IEndpointConventionBuilder MapChatHub(this IEndpointRouteBuilder app) =>
        app.MapHub<ChatHub>("/hubs/chat", hub => hub.Transports = HttpTransportType.WebSockets).DisableValidation();

    /// <summary>A request to the hub that is neither a WebSocket nor negotiation is refused before SignalR
    /// sees it: SignalR would write a POST's body into a negotiated connection that has not started yet,
    /// whoever sent it, and the hub would later read it as that connection's user.</summary>
    public static IApplicationBuilder UseWebSocketsOnlyHub(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments("/hubs/chat", out var rest) || rest == "/negotiate" || HubSockets.IsHubSocket(context))
            {
                return next(context);
            }

            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });

    /// <summary>While draining, a new hub connection gets 503 (nginx passes it on to the next node).</summary>
    public static IApplicationBuilder UseHubDrain(this IApplicationBuilder app)
    {
        var drain = app.ApplicationServices.GetRequiredService<HubDrain>();
        return app.Use((context, next) =>
        {
            if (!drain.Draining || !context.Request.Path.StartsWithSegments("/hubs"))
            {
                return next(context);
            }

            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "1";
            return Task.CompletedTask;
        });
    }
}
