using Chat.Bench.Setup;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Bench.Scenarios;

/// <summary>An open-loop load over one hub connection per user, each counting the messages it receives
/// for the step under way.</summary>
internal abstract class HubLoad : IOpenLoopLoad, IAsyncDisposable
{
    private readonly HubConnection[] _connections;
    private StepRecorder? _current;

    protected HubLoad(Uri entry, BenchUser[] users)
    {
        Users = users;
        _connections = new HubConnection[users.Length];
        for (var j = 0; j < users.Length; j++)
        {
            var receiver = j;
            _connections[j] = HubClients.Create(entry, users[j].AccessToken);
            _connections[j].On<WireMessage>("MessageReceived", m => Received(m, receiver));
        }
    }

    public abstract string Scenario { get; }

    public abstract int Receivers { get; }

    public IReadOnlyList<HubConnection> Connections => _connections;

    /// <summary>The users, in the order of their connections.</summary>
    protected BenchUser[] Users { get; }

    public StepRecorder? Current
    {
        get => Volatile.Read(ref _current);
        set => Volatile.Write(ref _current, value);
    }

    public abstract void Send(StepRecorder recorder, int index);

    public async ValueTask DisposeAsync() => await HubClients.DisposeAllAsync(_connections);

    /// <summary>Counts <paramref name="message"/>, received on connection <paramref name="receiver"/>,
    /// if it belongs to the current step.</summary>
    protected abstract void Received(WireMessage message, int receiver);
}
