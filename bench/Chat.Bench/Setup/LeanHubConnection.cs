using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;

namespace Chat.Bench.Setup;

/// <summary>A <c>MessageReceived</c> or <c>MessageUpdated</c> event, reduced to what a step checks.</summary>
internal delegate void MessageSeen(in WireView message);

/// <summary>The answer to invocation <paramref name="invocationId"/>: <paramref name="error"/> null when it
/// succeeded, else the server's error; <paramref name="result"/> the raw JSON of what it returned (empty for none).</summary>
internal delegate void InvocationAnswered(long invocationId, string? error, ReadOnlySpan<byte> result);

/// <summary>A hub connection cut down to what a load step needs, speaking ../shared/PROTOCOL.md's JSON hub
/// protocol over a plain WebSocket (no negotiation, the token in the query, as the page connects).
/// An invocation is written onto the socket by the thread that sends it, and every reply and event is
/// read by one loop that looks only at what a step counts. The .NET SignalR client puts a pipe, a send loop
/// and at least one thread-pool hop between each call and the socket; at tens of thousands of messages a
/// second on 2 shared cores that made the generator, not the server, the limit (issue 14).</summary>
internal sealed class LeanHubConnection : IAsyncDisposable
{
    private const byte RecordSeparator = 0x1e;
    private const long ReadyId = -1;
    private static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(10);
    private static readonly byte[] Handshake = "{\"protocol\":\"json\",\"version\":1}\u001e"u8.ToArray();
    private static readonly byte[] Ping = "{\"type\":6}\u001e"u8.ToArray();
    private static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText InvocationIdName = JsonEncodedText.Encode("invocationId");
    private static readonly JsonEncodedText TargetName = JsonEncodedText.Encode("target");
    private static readonly JsonEncodedText ArgumentsName = JsonEncodedText.Encode("arguments");

    private readonly ClientWebSocket _socket = new();
    private readonly MessageSeen _seen;
    private readonly InvocationAnswered _answered;
    private readonly Lock _gate = new();
    private readonly Utf8JsonWriter _json = new(new ArrayBufferWriter<byte>(1));
    private readonly TaskCompletionSource _handshake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Timer _ping;
    private ArrayBufferWriter<byte> _pending = new(4096);
    private ArrayBufferWriter<byte> _writing = new(4096);
    private bool _sending;
    private volatile bool _broken;
    private Task _receiving = Task.CompletedTask;

    private LeanHubConnection(MessageSeen seen, InvocationAnswered answered)
    {
        _seen = seen;
        _answered = answered;
        _ping = new Timer(_ => Write(Ping), null, Timeout.Infinite, Timeout.Infinite);
    }

    public bool IsOpen => !_broken && _socket.State == WebSocketState.Open;

    public static async Task<LeanHubConnection> ConnectAsync(
        Uri entry, string accessToken, MessageSeen seen, InvocationAnswered answered, CancellationToken ct)
    {
        var connection = new LeanHubConnection(seen, answered);
        try
        {
            var hub = new UriBuilder(new Uri(entry, "/hubs/chat"))
            {
                Scheme = entry.Scheme == Uri.UriSchemeHttps ? "wss" : "ws",
                Query = "access_token=" + Uri.EscapeDataString(accessToken),
            };
            await connection._socket.ConnectAsync(hub.Uri, ct);
            await connection._socket.SendAsync(Handshake, WebSocketMessageType.Text, true, ct);
            connection._receiving = connection.ReceiveAsync();
            await connection._handshake.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
            connection._ping.Change(PingInterval, PingInterval);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends one invocation that wants an answer; <paramref name="arguments"/> writes its arguments
    /// into the open JSON array. Never waits: a send still under way when the next is due takes it along.</summary>
    public void Invoke<TState>(long invocationId, JsonEncodedText target, TState state, Action<Utf8JsonWriter, TState> arguments)
    {
        lock (_gate)
        {
            _json.Reset(_pending);
            _json.WriteStartObject();
            _json.WriteNumber(TypeName, 1);
            Span<char> id = stackalloc char[20];
            invocationId.TryFormat(id, out var length, provider: System.Globalization.CultureInfo.InvariantCulture);
            _json.WriteString(InvocationIdName, id[..length]);
            _json.WriteString(TargetName, target);
            _json.WriteStartArray(ArgumentsName);
            arguments(_json, state);
            _json.WriteEndArray();
            _json.WriteEndObject();
            _json.Flush();
            _pending.Write([RecordSeparator]);
        }

        Flush();
    }

    /// <summary>Makes one call and waits for its answer, whatever it is. The server runs a connection's calls
    /// only after setting it up, the subscription to its user's messages included: a message pushed to a
    /// connection that has only finished its handshake may be missed, one pushed after this may not.</summary>
    public Task ReadyAsync<TState>(JsonEncodedText target, TState state, Action<Utf8JsonWriter, TState> arguments, CancellationToken ct)
    {
        Invoke(ReadyId, target, state, arguments);
        return _ready.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _ping.DisposeAsync();
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // Closing a connection the server already dropped.
            }
        }

        _socket.Abort();
        await _receiving.ContinueWith(_ => { }, TaskScheduler.Default);
        _socket.Dispose();
    }

    private void Write(ReadOnlySpan<byte> record)
    {
        lock (_gate)
        {
            _pending.Write(record);
        }

        Flush();
    }

    /// <summary>Starts a send unless one is under way; that one sends what was written meanwhile when it is done.</summary>
    private void Flush()
    {
        lock (_gate)
        {
            if (_sending || _broken)
            {
                return;
            }

            _sending = true;
        }

        _ = SendAsync();
    }

    // Runs on the caller's thread until a send does not complete at once, which is the usual case.
    private async Task SendAsync()
    {
        while (true)
        {
            ArrayBufferWriter<byte> batch;
            lock (_gate)
            {
                if (_pending.WrittenCount == 0 || _broken)
                {
                    _sending = false;
                    return;
                }

                (batch, _pending, _writing) = (_pending, _writing, _pending);
            }

            try
            {
                await _socket.SendAsync(batch.WrittenMemory, WebSocketMessageType.Text, true, CancellationToken.None);
            }
            catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException)
            {
                // What was in the batch goes unanswered, and the step counts it so.
                _broken = true;
            }

            batch.ResetWrittenCount();
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        var filled = 0;
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                var result = await _socket.ReceiveAsync(buffer.AsMemory(filled), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                filled += result.Count;
                var consumed = 0;
                int end;
                while ((end = buffer.AsSpan(consumed, filled - consumed).IndexOf(RecordSeparator)) >= 0)
                {
                    Dispatch(buffer.AsSpan(consumed, end));
                    consumed += end + 1;
                }

                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The connection is gone; IsOpen says so, and the step counts what went unanswered.
        }
        finally
        {
            _broken = true;
            _handshake.TrySetException(new BenchException("the hub closed the connection during the handshake"));
            _ready.TrySetException(new BenchException("the hub closed the connection before it was ready"));
        }
    }

    private void Dispatch(ReadOnlySpan<byte> record)
    {
        if (!_handshake.Task.IsCompleted)
        {
            // The handshake's answer: {} or {"error":"..."}.
            if (record.IndexOf("\"error\""u8) >= 0)
            {
                _handshake.TrySetException(new BenchException($"the hub refused the handshake: {System.Text.Encoding.UTF8.GetString(record)}"));
            }
            else
            {
                _handshake.TrySetResult();
            }

            return;
        }

        var reader = new Utf8JsonReader(record);
        int type = 0;
        long invocationId = long.MinValue;
        string? error = null;
        var target = ReadOnlySpan<byte>.Empty;
        var arguments = ReadOnlySpan<byte>.Empty;
        var result = ReadOnlySpan<byte>.Empty;
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = reader.GetInt32();
            }
            else if (reader.ValueTextEquals("invocationId"u8))
            {
                reader.Read();
                invocationId = long.TryParse(reader.ValueSpan, out var id) ? id : long.MinValue;
            }
            else if (reader.ValueTextEquals("target"u8))
            {
                reader.Read();
                target = reader.ValueSpan;
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                error = reader.GetString() ?? "error";
            }
            else if (reader.ValueTextEquals("arguments"u8))
            {
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                arguments = record[start..(int)reader.BytesConsumed];
            }
            else if (reader.ValueTextEquals("result"u8))
            {
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                result = record[start..(int)reader.BytesConsumed];
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        switch (type)
        {
            case 3 when invocationId >= 0:
                _answered(invocationId, error, result);
                break;
            case 3 when invocationId == ReadyId:
                _ready.TrySetResult();
                break;
            case 1 when target.SequenceEqual("MessageReceived"u8):
                SeeMessage(arguments, updated: false);
                break;
            case 1 when target.SequenceEqual("MessageUpdated"u8):
                SeeMessage(arguments, updated: true);
                break;
            case 7:
                _broken = true;
                break;
        }
    }

    /// <summary>Hands on the first argument, a message; one that does not read as a message is handed on
    /// too, invalid, so that the step counts it as bad rather than never having seen it.</summary>
    private void SeeMessage(ReadOnlySpan<byte> arguments, bool updated)
    {
        var start = arguments.IndexOf((byte)'{');
        var message = start >= 0 ? WireView.Read(arguments[start..], updated) : default;
        _seen(message.Valid ? message : new WireView { Updated = updated });
    }
}
