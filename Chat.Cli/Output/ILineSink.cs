namespace Chat.Cli.Output;

/// <summary>Where finished lines go: straight to stdout in script mode, through the line editor when a
/// person is typing.</summary>
internal interface ILineSink
{
    void WriteLine(string line);
}

internal sealed class PlainSink(TextWriter writer) : ILineSink
{
    private readonly Lock _lock = new();

    public void WriteLine(string line)
    {
        lock (_lock)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }
}
