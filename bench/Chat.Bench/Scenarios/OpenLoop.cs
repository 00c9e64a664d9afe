using Chat.Bench.Metrics;

namespace Chat.Bench.Scenarios;

/// <summary>Fires message i at its due time without waiting for earlier answers.</summary>
internal static class OpenLoop
{
    /// <summary>One sending thread per core, message i on thread i % threads, each a thread of its own so
    /// that a busy thread pool delays only answers, not sends. One thread fell behind from about 12 000
    /// msg/s: on 2 cores shared with the servers' threads one thread gets too small a share to send on time,
    /// whatever its own CPU. What the senders still cannot keep up with shows as lateness.</summary>
    public static Task RunAsync(StepRecorder recorder, Action<int> send)
    {
        var threads = Math.Clamp(Environment.ProcessorCount, 1, 4);
        return Task.WhenAll(Enumerable.Range(0, threads).Select(first => RunThreadAsync(recorder, send, first, threads)));
    }

    private static Task RunThreadAsync(StepRecorder recorder, Action<int> send, int first, int stride)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Loop(recorder, send, first, stride);
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        })
        { IsBackground = true, Name = $"open-loop-{first}" };
        thread.Start();
        return done.Task;
    }

    private static void Loop(StepRecorder recorder, Action<int> send, int first, int stride)
    {
        var next = first;
        while (next < recorder.Messages)
        {
            var now = Clock.Now;
            while (next < recorder.Messages && recorder.DueAt(next) <= now)
            {
                send(next);
                next += stride;
            }

            // Sleeping (about 1 ms) rather than spinning leaves the shared cores to the servers; the
            // few hundred microseconds it costs are counted as lateness and latency, never hidden.
            if (next < recorder.Messages && recorder.DueAt(next) > Clock.Now)
            {
                Thread.Sleep(1);
            }
        }
    }
}
