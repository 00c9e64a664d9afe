using System.Buffers;
using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Chat.Server.Realtime;

/// <summary>The hub protocol with one addition: a call SignalR cannot bind (an unknown method, wrong argument
/// types or count) is logged once at Information, as <see cref="HubErrorFilter"/> logs other refusals. SignalR
/// answers such calls before any hub filter runs, and its own log of them is silenced (appsettings.json: its
/// dispatcher would log every refusal as an error with a stack trace, and each call's arguments at Debug).</summary>
internal sealed class BindingFailureLog(IHubProtocol inner, ILogger<BindingFailureLog> logger) : IHubProtocol
{
    // The method name comes from the client: only a real one is written to the log.
    private static readonly FrozenSet<string> HubMethods = typeof(ChatHub)
        .GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
        .Select(m => m.Name).ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public string Name => inner.Name;

    public int Version => inner.Version;

    public TransferFormat TransferFormat => inner.TransferFormat;

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message)
    {
        if (!inner.TryParseMessage(ref input, binder, out message))
        {
            return false;
        }

        if (message is InvocationBindingFailureMessage failure)
        {
            // SignalR's own words (e.g. "Method does not exist."), which never repeat the arguments.
            logger.LogInformation("{Method} refused: {Reason}",
                HubMethods.Contains(failure.Target) ? failure.Target : "An unknown method", failure.BindingFailure.SourceException.Message);
        }

        return true;
    }

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => inner.WriteMessage(message, output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => inner.GetMessageBytes(message);

    public bool IsVersionSupported(int version) => inner.IsVersionSupported(version);
}
