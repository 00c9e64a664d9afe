using System.ComponentModel.DataAnnotations;

namespace Chat.Server.Messaging;

/// <summary>How the node batches message writes (<c>Messaging__Writers</c>, <c>Messaging__MaxBatch</c>).</summary>
internal sealed class MessageWriterOptions
{
    public const string Section = "Messaging";

    /// <summary>Batches written at the same time. One makes the largest batches and so the fewest commits
    /// (measured best on 2 cores; see BENCHMARKS.md). SQLite has one writer whatever this says.</summary>
    [Range(1, 16)]
    public int Writers { get; set; } = 1;

    /// <summary>Most messages in one transaction.</summary>
    [Range(1, 1000)]
    public int MaxBatch { get; set; } = 200;

    /// <summary>A batch at least this large means the node is busy: the next batch waits
    /// <see cref="BusyLingerMs"/> to gather more, since each commit costs the database far more than a
    /// message does. Light traffic never waits.</summary>
    [Range(1, 1000)]
    public int BusyBatch { get; set; } = 3;

    [Range(0, 20)]
    public int BusyLingerMs { get; set; } = 1;
}
