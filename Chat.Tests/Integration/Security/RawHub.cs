using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Chat.Tests.Integration.Security;

/// <summary>The hub's JSON protocol by hand over a WebSocket, for frames no SignalR client would send:
/// invalid UTF-8, NaN, fields the contract does not have.</summary>
internal sealed class RawHub : IAsyncDisposable
{
    private const byte Separator = 0x1e;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly ClientWebSocket _socket = new();
    private readonly List<byte> _pending = [];

    public static async Task<RawHub> ConnectAsync(Uri server, string accessToken)
    {
        var hub = new RawHub();
        var uri = new UriBuilder(server) { Scheme = "ws", Path = "/hubs/chat", Query = $"access_token={Uri.EscapeDataString(accessToken)}" }.Uri;
        await hub._socket.ConnectAsync(uri, CancellationToken.None);
        await hub.SendAsync("{\"protocol\":\"json\",\"version\":1}"u8.ToArray());
        var handshake = await hub.ReadFrameAsync();
        if (handshake?.TryGetProperty("error", out var error) == true)
        {
            throw new InvalidOperationException($"Handshake refused: {error}");
        }

        return hub;
    }

    public bool IsOpen => _socket.State == WebSocketState.Open;

    /// <summary>How the server closed the WebSocket, once it has.</summary>
    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    /// <summary>Sends one frame (the record separator is added) and returns the completion for
    /// <paramref name="invocationId"/>, the server's close message, or null when it closed without one.</summary>
    public async Task<JsonElement?> InvokeAsync(byte[] frame, string invocationId, bool binary = false)
    {
        await SendAsync(frame, binary);
        while (await ReadFrameAsync() is { } message)
        {
            var type = message.GetProperty("type").GetInt32();
            if (type == 7 || (type == 3 && message.TryGetProperty("invocationId", out var id) && id.GetString() == invocationId))
            {
                return message;
            }
        }

        return null;
    }

    public Task<JsonElement?> InvokeAsync(string frame, string invocationId) => InvokeAsync(Encoding.UTF8.GetBytes(frame), invocationId);

    private async Task SendAsync(byte[] frame, bool binary = false)
    {
        using var timeout = new CancellationTokenSource(Patience);
        await _socket.SendAsync((byte[])[.. frame, Separator], binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text, true, timeout.Token);
    }

    /// <summary>The next message the server sent, or null once it closed.</summary>
    private async Task<JsonElement?> ReadFrameAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var end = _pending.IndexOf(Separator);
            if (end >= 0)
            {
                var frame = _pending.GetRange(0, end).ToArray();
                _pending.RemoveRange(0, end + 1);
                return JsonDocument.Parse(frame).RootElement.Clone();
            }

            try
            {
                var read = await _socket.ReceiveAsync(buffer, timeout.Token);
                if (read.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                _pending.AddRange(buffer.AsSpan(0, read.Count).ToArray());
            }
            catch (WebSocketException)
            {
                return null;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(Patience);
            await Record.ExceptionAsync(() => _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token));
        }

        _socket.Dispose();
    }
}
