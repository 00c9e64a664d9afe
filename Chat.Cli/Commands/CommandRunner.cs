using Chat.Cli.Api;
using Chat.Cli.Session;
using Microsoft.AspNetCore.SignalR;

namespace Chat.Cli.Commands;

internal enum Outcome
{
    Done,
    Refused,
    LoggedOut,
    Quit,
}

/// <summary>Carries out one command on the session; a refusal (HubException, ProblemDetails, an unknown
/// name) is one line that says why.</summary>
internal sealed class CommandRunner(ChatSession session)
{
    private const string HubReason = "HubException: ";

    private Roster Roster => session.Roster;

    public async Task<Outcome> RunAsync(string line)
    {
        if (!CommandParser.TryParse(line, out var command, out var error))
        {
            session.Printer.Refused(line.Trim().Split(' ', ':')[0], error);
            return Outcome.Refused;
        }

        try
        {
            return await RunAsync(command);
        }
        catch (Exception e) when (e is HubException or RefusedException or HttpRequestException)
        {
            session.Printer.Refused(command.Verb, Reason(e));
            return Outcome.Refused;
        }
        catch (OperationCanceledException) when (session.Link.Stopped.IsCancellationRequested)
        {
            session.Printer.Refused(command.Verb, "Not connected: the session has ended.");
            return Outcome.Refused;
        }
    }

    /// <summary>The server's reason from "An unexpected error occurred invoking 'X' on the server. HubException: reason".</summary>
    public static string Reason(Exception e)
    {
        var at = e.Message.IndexOf(HubReason, StringComparison.Ordinal);
        return at >= 0 ? e.Message[(at + HubReason.Length)..] : e.Message;
    }

    private async Task<Outcome> RunAsync(Command c)
    {
        var printer = session.Printer;
        switch (c.Verb)
        {
            case "chat":
                await SendAsync(c.Verb, "SendDirect", Friend(c.Arg(0)), c.Arg(1));
                break;
            case "groupchat":
                await SendAsync(c.Verb, "SendGroup", Group(c.Arg(0)), c.Arg(1));
                break;
            case "addfriend":
                var friend = await Invoke<Friend>("AddFriend", await UserIdAsync(c.Arg(0)));
                Roster.AddFriend(friend);
                printer.Result(c.Verb, friend, $"{friend.Name} (#{friend.Id}) is now your friend ({(friend.Online ? "online" : "offline")}).");
                break;
            case "creategroup":
                var created = await session.Link.InvokeAsync<Group>("CreateGroup", [c.Arg(0), c.OptionalArg(1) ?? ""], resend: false);
                Roster.AddGroup(created);
                printer.Result(c.Verb, created, $"Created #{created.Name} (#{created.Id}).");
                break;
            case "addgroup":
                var joined = await Invoke<Group>("JoinGroup", await GroupIdAsync(c.Arg(0)));
                Roster.AddGroup(joined);
                printer.Result(c.Verb, joined, $"Joined #{joined.Name} (#{joined.Id}), {joined.MemberCount} members.");
                break;
            case "history":
                await HistoryAsync(c.Arg(0), c.OptionalArg(1) is { } n ? int.Parse(n) : CommandParser.DefaultHistory);
                break;
            case "who":
                printer.Who();
                break;
            case "find":
                var found = await session.Api.FindUsersAsync(c.Arg(0));
                printer.Result(c.Verb, found, found.Count == 0
                    ? [$"Nobody's name starts with \"{c.Arg(0)}\"."]
                    : found.Select(u => $"  {u.Name} (#{u.Id}) {(u.Online ? "online" : "offline")}"));
                break;
            case "help":
                printer.Result(c.Verb, CommandParser.Usages,
                    ["Commands (names work where ids do; chat:2:hello works too):", .. CommandParser.Usages.Select(u => "  " + u)]);
                break;
            case "loginout":
                await session.LogoutAsync();
                printer.Result(c.Verb, null, "Logged out.");
                return Outcome.LoggedOut;
            case "quit":
                return Outcome.Quit;
        }

        return Outcome.Done;
    }

    private async Task SendAsync(string verb, string method, int to, string text)
    {
        // One id for every attempt: a resend after a drop is stored once.
        var sent = await Invoke<ChatMessage>(method, to, text, Guid.NewGuid().ToString("N"));
        session.Printer.Result(verb, sent);
        session.Show(sent);
    }

    private async Task HistoryAsync(string target, int limit)
    {
        var messages = target.StartsWith('#')
            ? await Invoke<List<ChatMessage>>("GetGroupHistory", Group(target[1..]), null, limit)
            : await Invoke<List<ChatMessage>>("GetDirectHistory", Friend(target), null, limit);
        session.Printer.Result("history", messages,
            messages.Count == 0 ? ["No messages yet."] : messages.Select(session.Printer.Format));
    }

    private Task<T> Invoke<T>(string method, params object?[] args) => session.Link.InvokeAsync<T>(method, args);

    private int Friend(string token) =>
        Roster.FindFriend(token) ?? throw new RefusedException($"\"{token}\" is not one of your friends (who lists them).");

    private int Group(string token) =>
        Roster.FindGroup(token) ?? throw new RefusedException($"\"{token}\" is not one of your groups (who lists them).");

    private async Task<int> UserIdAsync(string token)
    {
        if (int.TryParse(token, out var id))
        {
            return id;
        }

        var found = await session.Api.FindUsersAsync(token);
        return Roster.Single(found.Select(u => (u.Id, u.Name)), token) ?? throw new RefusedException($"Nobody is called \"{token}\" (find {token}).");
    }

    private async Task<int> GroupIdAsync(string token)
    {
        var known = Roster.FindGroup(token);
        if (known is { } id)
        {
            return id;
        }

        var page = await session.Api.FindGroupsAsync(token);
        return Roster.Single(page.Items.Select(g => (g.Id, g.Name)), token)
            ?? throw new RefusedException($"No group is called \"{token}\", or several are: use its id.");
    }
}
