using System.Diagnostics;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Chat.Tests.Integration.Observability;

/// <summary>A node whose tracer provider records every finished activity here instead of exporting it (the
/// node describes its sources always; a tracer provider exists only where something takes the spans).</summary>
public sealed class TracedChatApp : SqliteChatApp
{
    public EventLog<Activity> Activities { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddOpenTelemetry().WithTracing(tracing => tracing.AddProcessor(new Recorder(Activities))));
    }

    private sealed class Recorder(EventLog<Activity> activities) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data) => activities.Add(data);
    }
}
