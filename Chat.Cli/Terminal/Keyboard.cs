using System.Text;

namespace Chat.Cli.Terminal;

/// <summary>Reads a person's keys one at a time (Console.ReadKey without echo), for the line editor and
/// for passwords, which are never echoed.</summary>
internal static class Keyboard
{
    /// <summary>The next line typed into <paramref name="editor"/>, or null when the user ends input.</summary>
    public static string? ReadLine(LineEditor editor)
    {
        while (true)
        {
            var line = editor.Apply(Console.ReadKey(intercept: true));
            if (editor.Ended)
            {
                return null;
            }

            if (line is not null)
            {
                return line;
            }
        }
    }

    /// <summary>A line read without echo; null when the user ends input.</summary>
    public static string? ReadSecret(string prompt)
    {
        Console.Write(prompt);
        var secret = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            switch (key)
            {
                case { Key: ConsoleKey.Enter }:
                    Console.WriteLine();
                    return secret.ToString();
                case { Key: ConsoleKey.D, Modifiers: ConsoleModifiers.Control } when secret.Length == 0:
                    Console.WriteLine();
                    return null;
                case { Key: ConsoleKey.Backspace } when secret.Length > 0:
                    secret.Length--;
                    break;
                case { KeyChar: var c } when !char.IsControl(c):
                    secret.Append(c);
                    break;
            }
        }
    }
}
