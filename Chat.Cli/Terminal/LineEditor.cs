using System.Text;
using Chat.Cli.Output;

namespace Chat.Cli.Terminal;

/// <summary>The prompt and the half-typed line. A line printed while the user types (an incoming message)
/// clears the prompt row, prints, and draws the prompt and the typed text again below it, so nothing
/// typed is lost or mangled. Keys and prints come from different threads; one lock orders them.
/// <paramref name="width"/> is the terminal's width in columns, for a typed line longer than one row.</summary>
internal sealed class LineEditor(TextWriter output, string prompt, Func<int> width) : ILineSink
{
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
            output.Write(_promptShown ? Erase() + line + "\n" + prompt + _buffer : line + "\n");
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
        output.Write(Erase() + prompt + _buffer);
        output.Flush();
    }

    /// <summary>Back to the prompt's first row (ANSI CUU) and erase from there down (ANSI ED): the typed line
    /// may have wrapped. The cursor sits after the last character, which a full row leaves on that row.</summary>
    private string Erase()
    {
        var columns = width();
        var rows = columns > 0 ? (prompt.Length + _buffer.Length - 1) / columns : 0;
        return (rows > 0 ? $"\u001b[{rows}A" : "") + "\r\u001b[J";
    }
}
