using Chat.Bench.Metrics;

namespace Chat.Bench.Scenarios;

/// <summary>Fires message i at its due time without waiting for earlier answers.</summary>
internal static class OpenLoop
{
    /// <summary>Runs on a thread of its own, so a busy thread pool delays only answers, not sends; what
    /// the sender still could not keep up with shows as lateness.</summary>
    public static Task RunAsync(StepRecorder recorder, Action<int> send)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Loop(recorder, send);
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        })
        { IsBackground = true, Name = "open-loop" };
        thread.Start();
        return done.Task;
    }

    private static void Loop(StepRecorder recorder, Action<int> send)
    {
        var next = 0;
        while (next < recorder.Messages)
        {
            var now = Clock.Now;
            while (next < recorder.Messages && recorder.DueAt(next) <= now)
            {
                send(next++);
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
