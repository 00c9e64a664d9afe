namespace Chat.Bench.Setup;

/// <summary>A failure the run cannot go on from, with a message for the person running it.</summary>
internal sealed class BenchException(string message) : Exception(message);
