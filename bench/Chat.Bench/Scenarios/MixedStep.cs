namespace Chat.Bench.Scenarios;

/// <summary>A MessageUpdated push as it arrived, kept until the answer to the change it reports names its
/// change id (the push to the friend often comes before the answer to the actor).</summary>
internal readonly record struct ArrivedUpdate(long At, int Receiver, long MessageId, int EditStep, int EditIndex, bool? ActorReacted);

/// <summary>What one step of the mixed load sent, for checking what comes back: the message each reply, edit
/// and reaction named, whether each reaction added, and which change id answered which operation.</summary>
internal sealed class MixedStep(StepRecorder recorder)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, int> _answered = [];
    private readonly Dictionary<long, List<ArrivedUpdate>> _early = [];

    public StepRecorder Recorder => recorder;

    /// <summary>Per operation: the message a reply answers or an edit or reaction changes (0 for a plain send).</summary>
    public long[] Targets { get; } = new long[recorder.Messages];

    /// <summary>Per reaction: true to add, false to take away.</summary>
    public bool[] Adds { get; } = new bool[recorder.Messages];

    /// <summary>Operation <paramref name="index"/> was answered with <paramref name="changeId"/>: the pushes that
    /// came first, or null when another operation was answered with the same change id already.</summary>
    public List<ArrivedUpdate>? Answered(long changeId, int index)
    {
        lock (_gate)
        {
            if (!_answered.TryAdd(changeId, index))
            {
                return null;
            }

            return _early.Remove(changeId, out var early) ? early : [];
        }
    }

    /// <summary>The operation whose answer named <paramref name="changeId"/>, or -1 with the push kept for it.</summary>
    public int Arrived(long changeId, ArrivedUpdate update)
    {
        lock (_gate)
        {
            if (_answered.TryGetValue(changeId, out var index))
            {
                return index;
            }

            if (!_early.TryGetValue(changeId, out var early))
            {
                _early[changeId] = early = [];
            }

            early.Add(update);
            return -1;
        }
    }

    /// <summary>Pushes whose change id no answer named.</summary>
    public int Unexplained()
    {
        lock (_gate)
        {
            return _early.Values.Sum(e => e.Count);
        }
    }
}
