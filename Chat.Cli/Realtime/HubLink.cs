using Chat.Cli.Api;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Cli.Realtime;

/// <summary>Keeps the hub connected as Chat.Web/src/connection.ts does: retries the first connect, reconnects
/// after every drop with <see cref="Backoff"/>, forever, and says so; stops only when told or when the
/// session is over.</summary>
internal sealed class HubLink : IAsyncDisposable
{
    private static readonly TimeSpan SessionCheckEvery = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan ConnectedWait = TimeSpan.FromSeconds(30);
    private const int Sends = 3;

    private readonly ChatApi _api;
    private readonly Action<string> _status;
    private readonly CancellationTokenSource _stopped = new();
    private TaskCompletionSource _up = NewSignal();
    private int _failedConnects;
    private volatile bool _leaving;
    private DateTimeOffset _lastSessionCheck;

    public HubLink(ChatApi api, Action<string> status)
    {
        _api = api;
        _status = status;
        Hub = new HubConnectionBuilder()
            .WithUrl(new Uri(api.BaseUrl, "hubs/chat"), options =>
            {
                // The hub serves WebSockets only, without negotiation (README: one request per connection).
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                options.AccessTokenProvider = TokenAsync;
            })
            .Build();
        Hub.Closed += OnClosedAsync;
    }

    public HubConnection Hub { get; }

    /// <summary>Runs after every reconnect (not the first connect): time to catch up.</summary>
    public Func<Task>? Reconnected { get; set; }

    public CancellationToken Stopped => _stopped.Token;

    /// <summary>Returns once connected, or when stopped.</summary>
    public async Task ConnectAsync()
    {
        for (var retry = 0; !_stopped.IsCancellationRequested; retry++)
        {
            var delay = Backoff.Delay(retry);
            if (retry > 0)
            {
                _status($"still reconnecting; next attempt in {delay.TotalSeconds:0.0} s");
            }

            try
            {
                await Task.Delay(delay, _stopped.Token);
                await Hub.StartAsync(_stopped.Token);
                _failedConnects = 0;
                _up.TrySetResult();
                return;
            }
            catch (Exception e)
            {
                if (_stopped.IsCancellationRequested)
                {
                    return;
                }

                _failedConnects++;
                if (retry == 0)
                {
                    _status($"cannot reach the server ({e.Message})");
                }
            }
        }
    }

    /// <summary>Calls a hub method once connected. A call cut off by a drop is sent again after the reconnect
    /// when <paramref name="resend"/>: sends carry their clientMessageId, so the server stores them once.</summary>
    public async Task<T> InvokeAsync<T>(string method, object?[] args, bool resend = true)
    {
        for (var attempt = 1; ; attempt++)
        {
            await WhenConnectedAsync();
            try
            {
                return await Hub.InvokeCoreAsync<T>(method, args, _stopped.Token);
            }
            catch (Exception e) when (e is not HubException && !_stopped.IsCancellationRequested)
            {
                if (Hub.State != HubConnectionState.Connected)
                {
                    // The Closed handler may not have run yet: wait for the reconnect, not the old connection.
                    ExpectReconnect();
                }

                if (!resend || attempt == Sends)
                {
                    throw new RefusedException($"{method} failed: {e.Message}");
                }

                _status($"{method} was cut off ({e.Message}); sending again once connected");
            }
        }
    }

    /// <summary>Logout on every node. No reconnect from the moment it is sent: the server closes this
    /// connection too, perhaps before the answer comes.</summary>
    public async Task LogoutAsync()
    {
        _leaving = true;
        try
        {
            await Hub.InvokeAsync("Logout", _stopped.Token);
        }
        catch (Exception e) when (e is not HubException && Hub.State != HubConnectionState.Connected)
        {
            // The server closed the connection before it answered: that is the logout taking effect.
        }

        await StopAsync();
    }

    public async Task StopAsync()
    {
        await _stopped.CancelAsync();
        await Hub.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await Hub.DisposeAsync();
        _stopped.Dispose();
    }

    private async Task WhenConnectedAsync()
    {
        try
        {
            await _up.Task.WaitAsync(ConnectedWait, _stopped.Token);
        }
        catch (TimeoutException)
        {
            throw new RefusedException($"Not connected to the server for {ConnectedWait.TotalSeconds:0} s; try again.");
        }
    }

    private async Task OnClosedAsync(Exception? error)
    {
        if (_stopped.IsCancellationRequested || _leaving)
        {
            return;
        }

        ExpectReconnect();
        _status($"connection lost{(error is null ? "" : $" ({error.Message})")}; reconnecting");
        await ConnectAsync();
        if (!_stopped.IsCancellationRequested)
        {
            _status("reconnected");
            await (Reconnected?.Invoke() ?? Task.CompletedTask);
        }
    }

    private async Task<string?> TokenAsync()
    {
        // A refused connect may mean the session ended elsewhere (logout, disabled): a signed-in request
        // tells, at most every 20 s, as the page does.
        if (_failedConnects > 0 && DateTimeOffset.UtcNow - _lastSessionCheck > SessionCheckEvery)
        {
            _lastSessionCheck = DateTimeOffset.UtcNow;
            if (!await _api.SessionStandsAsync(_stopped.Token))
            {
                _status("the session has ended; log in again");
                await _stopped.CancelAsync();
                _stopped.Token.ThrowIfCancellationRequested();
            }
        }

        return await _api.AccessTokenAsync();
    }

    /// <summary>Only a signal already given is replaced, so every waiter holds the one the next connect gives.</summary>
    private void ExpectReconnect()
    {
        var up = _up;
        if (up.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref _up, NewSignal(), up);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
