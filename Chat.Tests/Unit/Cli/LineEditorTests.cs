using Chat.Cli.Terminal;

namespace Chat.Tests.Unit.Cli;

public sealed class LineEditorTests
{
    private const string EraseDown = "\r\u001b[J";

    private readonly StringWriter _screen = new();

    private static ConsoleKeyInfo Key(char c) => new(c, char.IsLetter(c) ? (ConsoleKey)char.ToUpperInvariant(c) : ConsoleKey.Spacebar, false, false, false);

    private static readonly ConsoleKeyInfo Enter = new('\r', ConsoleKey.Enter, false, false, false);
    private static readonly ConsoleKeyInfo Backspace = new('\b', ConsoleKey.Backspace, false, false, false);

    private static void Type(LineEditor editor, string text)
    {
        foreach (var c in text)
        {
            editor.Apply(Key(c));
        }
    }

    [Fact]
    public void APrintedLineRedrawsThePromptAndTheHalfTypedText()
    {
        var editor = new LineEditor(_screen, "alice> ", () => 80);
        editor.ShowPrompt();
        Type(editor, "chat bob hel");

        editor.WriteLine("[12:00] bob: are you there?");

        Assert.Equal("alice> chat bob hel" + EraseDown + "[12:00] bob: are you there?\nalice> chat bob hel", _screen.ToString());
        Assert.Equal("chat bob hel", editor.Buffer);
    }

    [Fact]
    public void TypingGoesOnAfterThePrintAndEnterGivesTheWholeLine()
    {
        var editor = new LineEditor(_screen, "> ", () => 80);
        editor.ShowPrompt();
        Type(editor, "chat bob hel");
        editor.WriteLine("* carol is online");

        Type(editor, "lo");
        var line = editor.Apply(Enter);

        Assert.Equal("chat bob hello", line);
        Assert.Equal("", editor.Buffer);
        Assert.EndsWith("> chat bob hello\n", _screen.ToString());
    }

    [Fact]
    public void WhileACommandRunsLinesPrintWithoutAPrompt()
    {
        var editor = new LineEditor(_screen, "> ", () => 80);
        editor.ShowPrompt();
        Type(editor, "who");
        editor.Apply(Enter);
        _screen.GetStringBuilder().Clear();

        editor.WriteLine("Friends:");
        editor.ShowPrompt();

        Assert.Equal("Friends:\n> ", _screen.ToString());
    }

    [Fact]
    public void BackspaceRedrawsTheShorterLine()
    {
        var editor = new LineEditor(_screen, "> ", () => 80);
        editor.ShowPrompt();
        Type(editor, "hex");

        editor.Apply(Backspace);

        Assert.Equal("he", editor.Buffer);
        Assert.EndsWith(EraseDown + "> he", _screen.ToString());
    }

    [Fact]
    public void CtrlDOnAnEmptyLineEndsInput()
    {
        var editor = new LineEditor(_screen, "> ", () => 80);

        Assert.Null(editor.Apply(new ConsoleKeyInfo('\u0004', ConsoleKey.D, false, false, true)));

        Assert.True(editor.Ended);
    }

    [Fact]
    public void AWrappedLineIsErasedFromItsFirstRow()
    {
        var editor = new LineEditor(_screen, "> ", () => 10);
        editor.ShowPrompt();
        Type(editor, "chat bob a long line");
        _screen.GetStringBuilder().Clear();

        editor.WriteLine("* bob is online");

        Assert.Equal("\u001b[2A" + EraseDown + "* bob is online\n> chat bob a long line", _screen.ToString());
    }

    [Fact]
    public void ALineThatJustFillsItsRowsStaysOnTheLastOfThem()
    {
        var editor = new LineEditor(_screen, "> ", () => 10);
        editor.ShowPrompt();
        Type(editor, "chat bob");
        _screen.GetStringBuilder().Clear();

        editor.WriteLine("x");

        Assert.StartsWith(EraseDown, _screen.ToString());
    }
}
