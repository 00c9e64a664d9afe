using Chat.Cli.Api;
using Chat.Cli.Commands;
using Chat.Cli.Session;
using Chat.Cli.Terminal;

namespace Chat.Cli;

/// <summary>A person at a terminal: the original client's menu (log in, register, quit), then the prompt,
/// with incoming events printed above the line being typed.</summary>
internal static class InteractiveMode
{
    public static async Task<int> RunAsync(CliOptions options)
    {
        Console.WriteLine($"Chat at {options.Url} (help lists the commands once you are in).");
        var user = options.User;
        while (true)
        {
            using var api = new ChatApi(options.Url);
            var signedIn = await SignInAsync(api, options, user);
            if (signedIn is null)
            {
                return 0;
            }

            var editor = new LineEditor(Console.Out, $"{signedIn}> ", () => Console.WindowWidth);
            await using var session = new ChatSession(api, editor, options.Json);
            try
            {
                await session.StartAsync();
            }
            catch (RefusedException e)
            {
                // Commands work without the login summary; the session retries it on the next reconnect.
                editor.WriteLine($"! {e.Message}");
            }

            var outcome = await PromptAsync(session, editor);
            if (outcome != Outcome.LoggedOut)
            {
                return 0;
            }

            user = null;
        }
    }

    private static async Task<Outcome> PromptAsync(ChatSession session, LineEditor editor)
    {
        var runner = new CommandRunner(session);
        while (!session.Link.Stopped.IsCancellationRequested)
        {
            editor.ShowPrompt();
            var line = await Task.Run(() => Keyboard.ReadLine(editor));
            if (line is null)
            {
                return Outcome.Quit;
            }

            if (session.Link.Stopped.IsCancellationRequested)
            {
                break;
            }

            var outcome = line.Trim().Length > 0 ? await runner.RunAsync(line) : Outcome.Done;
            if (outcome is Outcome.Quit or Outcome.LoggedOut)
            {
                return outcome;
            }
        }

        // The server ended the session (HubLink said so): back to the menu.
        return Outcome.LoggedOut;
    }

    /// <summary>The user's name once logged in; null to quit.</summary>
    private static async Task<string?> SignInAsync(ChatApi api, CliOptions options, string? user)
    {
        var register = options.Register;
        while (true)
        {
            if (user is null)
            {
                Console.Write("1) log in  2) register  3) quit: ");
                var choice = Console.ReadLine()?.Trim();
                if (choice is null or "3" or "quit")
                {
                    return null;
                }

                if (choice is not ("1" or "2"))
                {
                    continue;
                }

                register = choice == "2";
                Console.Write("name: ");
                user = Console.ReadLine()?.Trim();
                if (string.IsNullOrEmpty(user))
                {
                    user = null;
                    continue;
                }
            }

            var password = Environment.GetEnvironmentVariable(CliOptions.PasswordVariable) is { Length: > 0 } fromEnvironment && user == options.User
                ? fromEnvironment
                : Keyboard.ReadSecret("password: ");
            if (password is null)
            {
                return null;
            }

            try
            {
                if (register)
                {
                    var created = await api.RegisterAsync(user, password);
                    Console.WriteLine($"Registered {created.Name} (#{created.Id}).");
                    register = false;
                }

                await api.LoginAsync(user, password);
                return api.Me.Name;
            }
            catch (Exception e) when (e is RefusedException or HttpRequestException)
            {
                Console.WriteLine($"! {e.Message}");
                user = null;
            }
        }
    }
}
