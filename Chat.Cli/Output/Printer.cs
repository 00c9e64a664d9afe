using System.Text.Encodings.Web;
using System.Text.Json;
using Chat.Cli.Session;

namespace Chat.Cli.Output;

/// <summary>Says what happened, as text for a person or, with --json, as one JSON object per line:
/// <c>type</c> is login, message, messageUpdated, presence, typing, friendAdded, memberJoined, memberLeft, status, result or refused.</summary>
internal sealed class Printer(ILineSink sink, Roster roster, bool json)
{
    // Read by scripts and people, never embedded in HTML: no \u003C for "<".
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public void LoggedIn(SyncResult sync)
    {
        if (json)
        {
            Emit(new { type = "login", me = sync.Me, friends = sync.Friends, groups = sync.Groups });
            return;
        }

        Text($"Logged in as {sync.Me.Name} (#{sync.Me.Id}).");
        PrintRoster();
        Text(sync.Messages.Count == 0 ? "No messages while you were away." : "While you were away:");
    }

    public void Who()
    {
        if (json)
        {
            Emit(new { type = "result", command = "who", data = new { friends = roster.Friends, groups = roster.Groups } });
            return;
        }

        PrintRoster();
    }

    private void PrintRoster()
    {
        var friends = roster.Friends;
        Text(friends.Count == 0 ? "Friends: none yet (addfriend <user>)." : "Friends:");
        foreach (var f in friends)
        {
            Text($"  {f.Name} (#{f.Id}) {(f.Online ? "online" : "offline")}");
        }

        var groups = roster.Groups;
        Text(groups.Count == 0 ? "Groups: none yet (creategroup, addgroup)." : "Groups:");
        foreach (var g in groups)
        {
            var members = (g.Members ?? []).Select(m => $"{m.Name}{(m.Role == "creator" ? "*" : "")} {(m.Online ? "online" : "offline")}");
            var about = g.Description.Length > 0 ? $" {g.Description}" : "";
            Text($"  #{g.Name} (#{g.Id}){about}: {string.Join(", ", members)}");
        }
    }

    public void Message(ChatMessage m)
    {
        if (json)
        {
            Emit(new { type = "message", message = m });
            return;
        }

        Text(Format(m));
    }

    /// <summary>An edit or a deletion as a line; reactions only as JSON.</summary>
    public void Updated(ChatMessage m, MessageChange change)
    {
        if (json)
        {
            Emit(new { type = "messageUpdated", message = m });
        }
        else if (change == MessageChange.Edited)
        {
            Text($"{Format(m)} (edited)");
        }
        else if (change == MessageChange.Deleted)
        {
            var sender = m.SenderId == roster.Me.Id ? "you" : m.SenderName;
            var where = m.GroupId is { } groupId ? $" in #{roster.GroupName(groupId)}" : "";
            Text($"* {sender} deleted a message{where} ({m.SentAt.ToLocalTime():HH:mm})");
        }
    }

    public string Format(ChatMessage m)
    {
        var time = m.SentAt.ToLocalTime().ToString("HH:mm");
        var mine = m.SenderId == roster.Me.Id;
        var sender = mine ? "you" : m.SenderName;
        return m.GroupId is { } groupId
            ? $"[{time}] #{roster.GroupName(groupId)} {sender}: {m.Text}"
            : mine ? $"[{time}] you -> {roster.NameOf(m.RecipientId ?? 0)}: {m.Text}" : $"[{time}] {sender}: {m.Text}";
    }

    public void Presence(PresenceChange p) =>
        Event(new { type = "presence", p.UserId, name = roster.NameOf(p.UserId), p.Online },
            $"* {roster.NameOf(p.UserId)} is {(p.Online ? "online" : "offline")}");

    public void Typing(TypingNotice t) =>
        Event(new { type = "typing", t.UserId, name = roster.NameOf(t.UserId), t.GroupId },
            $"* {roster.NameOf(t.UserId)} is typing{(t.GroupId is { } g ? $" in #{roster.GroupName(g)}" : "")}");

    public void FriendAdded(Friend f) =>
        Event(new { type = "friendAdded", friend = f }, $"* {f.Name} (#{f.Id}) is now your friend");

    public void FriendRemoved(FriendRemoved e) =>
        Event(new { type = "friendRemoved", e.UserId }, $"* {roster.NameOf(e.UserId)} is no longer your friend");

    public void GroupUpdated(Group g) =>
        Event(new { type = "groupUpdated", group = g },
            $"* #{g.Name} ({g.Id}) was changed; its creator is {g.Members?.FirstOrDefault(m => m.Role == "creator")?.Name ?? "unknown"}");

    public void GroupDeleted(GroupDeleted e) =>
        Event(new { type = "groupDeleted", e.GroupId }, $"* #{roster.GroupName(e.GroupId)} was deleted");

    public void MemberJoined(MemberJoined e) =>
        Event(new { type = "memberJoined", e.GroupId, e.Member }, $"* {e.Member.Name} joined #{roster.GroupName(e.GroupId)}");

    public void MemberLeft(MemberLeft e) =>
        Event(new { type = "memberLeft", e.GroupId, e.UserId }, $"* {roster.NameOf(e.UserId)} left #{roster.GroupName(e.GroupId)}");

    public void Status(string text) => Event(new { type = "status", text }, $"* {text}");

    /// <summary>A command's answer: <paramref name="data"/> for --json, <paramref name="lines"/> for people.</summary>
    public void Result(string command, object? data, params IEnumerable<string> lines)
    {
        if (json)
        {
            Emit(new { type = "result", command, data });
            return;
        }

        foreach (var line in lines)
        {
            Text(line);
        }
    }

    public void Refused(string command, string why) => Event(new { type = "refused", command, error = why }, $"! {why}");

    private void Event(object data, string text)
    {
        if (json)
        {
            Emit(data);
        }
        else
        {
            Text(text);
        }
    }

    private void Emit(object data) => sink.WriteLine(JsonSerializer.Serialize(data, Json));

    private void Text(string line) => sink.WriteLine(line);
}
