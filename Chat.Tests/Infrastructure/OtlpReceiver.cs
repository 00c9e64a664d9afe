using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chat.Tests.Infrastructure;

/// <summary>One OTLP/HTTP export request: the signal (metrics, traces, logs), its content type and body.</summary>
public sealed record OtlpExport(string Signal, string? ContentType, byte[] Body)
{
    /// <summary>Protobuf writes strings as their UTF-8 bytes, so a metric or span name shows in the body as is.</summary>
    public bool Mentions(string text) => Body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}

/// <summary>The smallest OTLP/HTTP collector: a loopback server that accepts POST /v1/{signal} and keeps each body.</summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpReceiver(WebApplication app, Uri endpoint, EventLog<OtlpExport> exports) => (_app, Endpoint, Exports) = (app, endpoint, exports);

    public Uri Endpoint { get; }

    public EventLog<OtlpExport> Exports { get; }

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var exports = new EventLog<OtlpExport>();
        app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            exports.Add(new OtlpExport(signal, request.ContentType, body.ToArray()));
            return Results.Bytes([], "application/x-protobuf");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new OtlpReceiver(app, new Uri(address), exports);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
