using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chat.Tests.Integration.Observability;

/// <summary>A node whose logs are also captured, where a call of <see cref="FailingMethod"/> fails the way
/// a bug would (after every filter of the node's own, so the node handles it as it handles any failure).</summary>
public sealed class LoggedChatApp : SqliteChatApp
{
    public const string FailingMethod = "Typing";

    public CapturedLogs Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureTestServices(services => services.Configure<HubOptions>(hub => hub.AddFilter(new Failing())));
    }

    private sealed class Failing : IHubFilter
    {
        public ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next) =>
            invocation.HubMethodName == FailingMethod ? throw new InvalidOperationException("A bug in the server.") : next(invocation);
    }
}
