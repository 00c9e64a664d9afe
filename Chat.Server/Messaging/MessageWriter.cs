using System.Diagnostics;
using System.Threading.Channels;
using Chat.Server.Data;
using Chat.Server.Observability;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Chat.Server.Messaging;

/// <summary>The hot path's writes. Messages queue here from every connection of the node; each writer
/// takes whatever is waiting and stores it in one transaction (one round trip for the messages, one for
/// the offline queue, one commit), so the database does one commit per batch instead of one per
/// message. Under light load nothing waits to fill a batch (a batch is one message); once batches grow,
/// the writer waits a moment before each to gather more (<see cref="MessageWriterOptions.BusyBatch"/>).
/// A caller's task completes only after the commit, so an acknowledgement always follows durable
/// storage.</summary>
internal sealed class MessageWriter(
    IServiceScopeFactory scopes, SqlDialect dialect, IOptions<MessageWriterOptions> options, ChatMetrics metrics, ILogger<MessageWriter> logger)
    : BackgroundService
{
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>();

    /// <summary>Stores the message once its batch commits; see <see cref="StoreResult"/>.</summary>
    public Task<StoreResult> StoreAsync(NewMessage message)
    {
        var pending = new Pending(message);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The node is shutting down; send the message again.");
        }

        return pending.Stored.Task;
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        // The writers finish what is queued and then end.
        _queue.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var writers = dialect.SingleWriter ? 1 : options.Value.Writers;
        return Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(WriteLoopAsync, CancellationToken.None)));
    }

    private async Task WriteLoopAsync()
    {
        // Each writer keeps its own connection open: no pool round trips per batch.
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
        var batch = new List<Pending>(options.Value.MaxBatch);
        var busy = false;
        while (await _queue.Reader.WaitToReadAsync())
        {
            if (busy && options.Value.BusyLingerMs > 0)
            {
                await Task.Delay(options.Value.BusyLingerMs);
            }

            while (batch.Count < options.Value.MaxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            busy = batch.Count >= options.Value.BusyBatch;

            if (batch.Count > 0)
            {
                await WriteAsync(db, batch);
                batch.Clear();
            }
        }

        await db.Database.CloseConnectionAsync();
    }

    private async Task WriteAsync(ChatDbContext db, List<Pending> batch)
    {
        using var activity = StartBatchActivity(batch);
        try
        {
            var started = Stopwatch.GetTimestamp();
            await WriteBatchAsync(db, batch);
            metrics.BatchStored(batch.Count, Stopwatch.GetElapsedTime(started));
        }
        catch (Exception e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            await RollBackAsync(db);
            if (batch.Count == 1)
            {
                logger.LogError(e, "Could not store a message");
                batch[0].Stored.TrySetException(e);
                return;
            }

            // One bad message must not fail the others: write each alone.
            logger.LogWarning(e, "A batch of {Count} messages failed; writing them one by one", batch.Count);
            foreach (var pending in batch)
            {
                await WriteAsync(db, [pending]);
            }
        }
    }

    // A batch serves many calls: it joins the trace of its first message and links the others'.
    private static Activity? StartBatchActivity(List<Pending> batch)
    {
        if (!ChatActivities.Source.HasListeners())
        {
            return null;
        }

        var links = batch.Skip(1).Where(p => p.Caller != default).Select(p => new ActivityLink(p.Caller));
        var activity = ChatActivities.Source.StartActivity("WriteMessageBatch", ActivityKind.Internal, batch[0].Caller, links: links);
        activity?.SetTag("chat.batch.size", batch.Count);
        return activity;
    }

    // A batch that failed part-way may leave its transaction open on the connection: roll it back (its locks
    // would otherwise wait for the pool's reset), then let the next batch open the connection afresh.
    private async Task RollBackAsync(ChatDbContext db)
    {
        try
        {
            if (dialect.TransactionInBatch && db.Database.GetDbConnection().State == System.Data.ConnectionState.Open)
            {
                await db.Database.ExecuteSqlRawAsync("ROLLBACK;");
            }
        }
        catch (Exception e)
        {
            logger.LogDebug(e, "Rollback after a failed batch failed; closing the connection ends it");
        }

        await db.Database.CloseConnectionAsync();
    }

    private async Task WriteBatchAsync(ChatDbContext db, List<Pending> batch)
    {
        // Opened once and kept (EF counts opens, so opening an open connection again would keep
        // RollBackAsync's close from closing it).
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync();
        }

        var messages = batch.ConvertAll(p => p.Message);
        var ids = new long[batch.Count];

        // MySQL: the transaction and the offline queue are in the one command (one round trip in all).
        await using var transaction = dialect.TransactionInBatch ? null : await connection.BeginTransactionAsync();
        await using (var insert = MessageBatchSql.Insert(connection, dialect, messages))
        {
            insert.Transaction = transaction;
            await using var reader = await insert.ExecuteReaderAsync();
            for (var i = 0; i < ids.Length; i++)
            {
                await reader.ReadAsync();
                ids[i] = reader.GetInt64(0);
                await reader.NextResultAsync();
            }

            // The statements after the last id (queue rows, COMMIT) run as the reader moves on; their
            // errors surface here, before anyone is told the batch is stored.
            while (await reader.NextResultAsync())
            {
            }
        }

        if (transaction is not null)
        {
            if (MessageBatchSql.OfflineInsert(connection, messages, ids) is { } queue)
            {
                await using (queue)
                {
                    queue.Transaction = transaction;
                    await queue.ExecuteNonQueryAsync();
                }
            }

            await transaction.CommitAsync();
        }

        for (var i = 0; i < ids.Length; i++)
        {
            batch[i].Stored.TrySetResult(StoreResult.Of(ids[i]));
        }
    }

    private sealed class Pending(NewMessage message)
    {
        public NewMessage Message { get; } = message;

        /// <summary>The storing caller's span, if traced (a struct: nothing allocated when not).</summary>
        public ActivityContext Caller { get; } = Activity.Current?.Context ?? default;

        // Continuations run on the pool, never on a writer's loop.
        public TaskCompletionSource<StoreResult> Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
