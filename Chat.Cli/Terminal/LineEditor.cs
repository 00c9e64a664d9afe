using System.Text;
using Chat.Cli.Output;

namespace Chat.Cli.Terminal;

/// <summary>The prompt and the half-typed line. A line printed while the user types (an incoming message)
/// clears the prompt row, prints, and draws the prompt and the typed text again below it, so nothing
/// typed is lost or mangled. Keys and prints come from different threads; one lock orders them.</summary>
internal sealed class LineEditor(TextWriter output, string prompt) : ILineSink
{
    /// <summary>Carriage return, then erase to the end of the row (ANSI EL).</summary>
    private const string ClearRow = "\r\u001b[K";

    private readonly StringBuilder _buffer = new();
    private readonly Lock _lock = new();
    private bool _promptShown;

    public string Buffer
    {
        get
        {
            lock (_lock)
            {
                return _buffer.ToString();
            }
        }
    }

    /// <summary>Draws the prompt and whatever is typed so far (after a command has finished).</summary>
    public void ShowPrompt()
    {
        lock (_lock)
        {
            _promptShown = true;
            output.Write(prompt + _buffer);
            output.Flush();
        }
    }

    public void WriteLine(string line)
    {
        lock (_lock)
        {
            output.Write(_promptShown ? ClearRow + line + "\n" + prompt + _buffer : line + "\n");
            output.Flush();
        }
    }

    /// <summary>Ctrl+D at an empty line: the user is done.</summary>
    public bool Ended { get; private set; }

    /// <summary>Applies one key; returns the finished line on Enter, else null.</summary>
    public string? Apply(ConsoleKeyInfo key)
    {
        lock (_lock)
        {
            switch (key)
            {
                case { Key: ConsoleKey.Enter }:
                    var line = _buffer.ToString();
                    _buffer.Clear();
                    _promptShown = false;
                    output.Write("\n");
                    output.Flush();
                    return line;
                case { Key: ConsoleKey.D, Modifiers: ConsoleModifiers.Control } when _buffer.Length == 0:
                    Ended = true;
                    break;
                case { Key: ConsoleKey.U, Modifiers: ConsoleModifiers.Control }:
                    _buffer.Clear();
                    Redraw();
                    break;
                case { Key: ConsoleKey.Backspace } when _buffer.Length > 0:
                    _buffer.Length--;
                    Redraw();
                    break;
                case { KeyChar: var c } when !char.IsControl(c):
                    _buffer.Append(c);
                    output.Write(c);
                    output.Flush();
                    break;
            }

            return null;
        }
    }

    private void Redraw()
    {
        output.Write(ClearRow + prompt + _buffer);
        output.Flush();
    }
}
