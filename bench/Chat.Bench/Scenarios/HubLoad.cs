using System.Text.Json;
using Chat.Bench.Setup;

namespace Chat.Bench.Scenarios;

/// <summary>An open-loop load over one lean hub connection per user (see <see cref="LeanHubConnection"/>),
/// each counting the messages it receives for the step under way.</summary>
internal abstract class HubLoad(Uri entry, BenchUser[] users) : IOpenLoopLoad, IAsyncDisposable
{
    /// <summary>Invocation ids are step * this + message index, so an answer finds its step and message
    /// without a table of calls in flight.</summary>
    private const long IdsPerStep = 100_000_000;

    private readonly LeanHubConnection?[] _connections = new LeanHubConnection?[users.Length];
    private StepRecorder? _current;

    public abstract string Scenario { get; }

    public abstract int Receivers { get; }

    public virtual OperationKinds? Kinds => null;

    /// <summary>The users, in the order of their connections.</summary>
    protected BenchUser[] Users { get; } = users;

    public StepRecorder? Current
    {
        get => Volatile.Read(ref _current);
        set => Volatile.Write(ref _current, value);
    }

    /// <summary>Opens every user's connection that is not open (all at first; later those the server
    /// dropped in an overloaded step), at most <paramref name="parallelism"/> at a time.</summary>
    public async Task ConnectAsync(int parallelism, CancellationToken ct)
    {
        try
        {
            await Parallel.ForAsync(0, _connections.Length, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct },
                async (j, token) =>
                {
                    if (_connections[j] is { IsOpen: true })
                    {
                        return;
                    }

                    if (_connections[j] is { } dropped)
                    {
                        Console.WriteLine("  reconnecting a dropped connection");
                        await dropped.DisposeAsync();
                    }

                    var receiver = j;
                    var connection = await LeanHubConnection.ConnectAsync(
                        entry, Users[j].AccessToken, (in WireView message) => Seen(message, receiver), Answered, token);
                    _connections[j] = connection;
                    await ReadyAsync(connection, j, token);
                });
        }
        catch (Exception e) when (e is not OperationCanceledException and not BenchException)
        {
            throw new BenchException($"connecting to the hub failed: {e.Message}");
        }
    }

    public abstract void Send(StepRecorder recorder, int index);

    public virtual void StepEnded(StepRecorder recorder)
    {
    }

    /// <summary>Waits until the server has set up connection <paramref name="j"/>: one harmless call answered
    /// (see <see cref="LeanHubConnection.ReadyAsync"/>).</summary>
    protected abstract Task ReadyAsync(LeanHubConnection connection, int j, CancellationToken ct);

    public async ValueTask DisposeAsync() =>
        await Parallel.ForEachAsync(_connections.OfType<LeanHubConnection>(), new ParallelOptions { MaxDegreeOfParallelism = 200 },
            async (connection, _) => await connection.DisposeAsync());

    /// <summary>Sends message <paramref name="index"/> of the step on connection <paramref name="sender"/>.</summary>
    protected void Invoke<TState>(StepRecorder recorder, int sender, int index, JsonEncodedText target, TState state, Action<Utf8JsonWriter, TState> arguments)
    {
        recorder.Sending(index);
        _connections[sender]!.Invoke((recorder.Step * IdsPerStep) + index, target, state, arguments);
    }

    /// <summary>Counts <paramref name="message"/>, received on connection <paramref name="receiver"/>, if it
    /// belongs to step <paramref name="recorder"/>.</summary>
    protected abstract void Received(StepRecorder recorder, in WireView message, int receiver);

    /// <summary>Counts the answer to message <paramref name="index"/> of the step; <paramref name="result"/> is
    /// the raw JSON the server returned.</summary>
    protected virtual void Answered(StepRecorder recorder, int index, string? error, ReadOnlySpan<byte> result) =>
        recorder.Answered(index, error);

    private void Seen(in WireView message, int receiver)
    {
        if (Current is not { } recorder)
        {
            return;
        }

        if (!message.Valid)
        {
            recorder.Bad($"a {(message.Updated ? "MessageUpdated" : "MessageReceived")} push that does not read as a message");
            return;
        }

        Received(recorder, message, receiver);
    }

    private void Answered(long invocationId, string? error, ReadOnlySpan<byte> result)
    {
        if (Current is { } recorder && invocationId / IdsPerStep == recorder.Step)
        {
            Answered(recorder, (int)(invocationId % IdsPerStep), error, result);
        }
    }
}
