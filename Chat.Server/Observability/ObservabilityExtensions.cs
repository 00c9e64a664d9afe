using Chat.Server.Presence;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Chat.Server.Observability;

internal static class ObservabilityExtensions
{
    public const string MetricsPath = "/metrics";

    /// <summary>The standard OpenTelemetry variable; the exporter reads it (and the other OTEL_* ones) itself.</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Metrics always, read at <see cref="MetricsPath"/>. Traces, and the OTLP export of all three
    /// signals, only when an OTLP endpoint is configured: spans nobody exports would cost every message.</summary>
    public static WebApplicationBuilder AddChatObservability(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ChatMetrics>();
        builder.Services.AddSingleton<NodeGauges>();
        builder.Services.Configure<JsonConsoleFormatterOptions>(json =>
        {
            json.IncludeScopes = true;
            json.UseUtcTimestamp = true;
            json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        builder.Services.Configure<OpenTelemetryLoggerOptions>(otlp => otlp.IncludeScopes = true);

        var nodeId = builder.BindAtStartup<ClusterOptions>(ClusterOptions.Section).NodeId;
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource
                .AddService("chat-server", serviceInstanceId: nodeId)
                // Read again after the name above, so OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win.
                .AddEnvironmentVariableDetector())
            .WithMetrics(metrics => metrics
                .AddMeter(ChatMetrics.MeterName, "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections", "MySqlConnector")
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddInstrumentation(services => services.GetRequiredService<NodeGauges>())
                // Every scrape collects afresh; only whoever reaches the node's own port can scrape (nginx answers 404).
                .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));

        // Described always, built only by WithTracing (UseOtlpExporter below, or a test's own exporter).
        var redis = !string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("Redis"));
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing =>
        {
            tracing.AddSource(ChatActivities.SourceName, "Microsoft.AspNetCore.SignalR.Server", "MySqlConnector")
                .AddAspNetCoreInstrumentation(http => http.Filter = context => !IsOperational(context.Request.Path))
                .AddEntityFrameworkCoreInstrumentation();
            if (redis)
            {
                tracing.AddRedisInstrumentation();
            }
        });

        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointKey]))
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>Prometheus text at /metrics, on every port the node listens on; the public entry (nginx)
    /// does not pass it on.</summary>
    public static WebApplication MapMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }

    private static bool IsOperational(PathString path) => path.StartsWithSegments(MetricsPath) || path.StartsWithSegments("/healthz");
}
