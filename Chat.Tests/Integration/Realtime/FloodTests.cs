using System.Diagnostics;
using Chat.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;

namespace Chat.Tests.Integration.Realtime;

/// <summary>S10's floods on one node with the default limits: sends held to one budget per user, however
/// many connections; typing relayed at most once per user and conversation per 2 s.</summary>
[Trait("Database", "Sqlite")]
public sealed class FloodTests(ThrottledChatApp app, ITestOutputHelper output) : IClassFixture<ThrottledChatApp>
{
    private const int Burst = 10;
    private const double PerSecond = 5;
    private const double TypingInterval = 2;

    [Fact]
    public async Task S10FloodIsHeldPerUserAndTypingIsRelayedOncePerInterval()
    {
        var (accepted, refused) = await FiveConnectionsFloodAsync();
        var (typingSent, typingRelayed) = await TypingFloodAsync();

        output.WriteLine($"S10 flood: perUserAccepted={accepted} refused={refused} typingSent={typingSent} typingRelayed={typingRelayed}");
    }

    private async Task<(int Accepted, int Refused)> FiveConnectionsFloodAsync()
    {
        await using var flooder = await app.ConnectedUserAsync("flooder");
        await using var victim = await app.ConnectedUserAsync("victim");
        await flooder.AddFriendAsync(victim.Id);
        var tabs = new List<ChatClient> { flooder };
        for (var i = 1; i < 5; i++)
        {
            tabs.Add(await flooder.AnotherConnectionAsync());
        }

        var accepted = 0;
        var refused = new List<HubException>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(tabs.Select(async (tab, t) =>
        {
            for (var i = 0; i < 20; i++)
            {
                try
                {
                    await tab.SendDirectAsync(victim.Id, $"spam {t}.{i}");
                    Interlocked.Increment(ref accepted);
                }
                catch (HubException e)
                {
                    lock (refused)
                    {
                        refused.Add(e);
                    }
                }
            }
        }));
        var elapsed = clock.Elapsed.TotalSeconds;
        foreach (var tab in tabs.Skip(1))
        {
            await tab.DisposeAsync();
        }

        Assert.InRange(accepted, Burst, Burst + (PerSecond * elapsed) + 1);
        Assert.All(refused, e => Assert.Contains("too fast", e.Message));
        Assert.Equal(accepted, (await victim.DirectHistoryAsync(flooder.Id, null, 200)).Count);
        return (accepted, refused.Count);
    }

    private async Task<(int Sent, int Relayed)> TypingFloodAsync()
    {
        await using var typist = await app.ConnectedUserAsync("typist");
        await using var friend = await app.ConnectedUserAsync("friend");
        await using var member = await app.ConnectedUserAsync("member");
        await typist.AddFriendAsync(friend.Id);
        var group = await typist.CreateGroupAsync("flooded");
        await member.JoinGroupAsync(group.Id);

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => i % 2 == 0
            ? typist.Hub.InvokeAsync("Typing", (int?)friend.Id, (int?)null)
            : typist.Hub.InvokeAsync("Typing", (int?)null, (int?)group.Id)));
        var elapsed = clock.Elapsed.TotalSeconds;

        // Calls of one connection run in order: once these arrive, every relayed typing notice has too.
        var direct = await typist.SendDirectAsync(friend.Id, "after the flood");
        var grouped = await typist.SendGroupAsync(group.Id, "after the flood");
        await friend.Messages.WaitAsync(m => m.Id == direct.Id);
        await member.Messages.WaitAsync(m => m.Id == grouped.Id);

        var allowed = (int)Math.Ceiling(elapsed / TypingInterval) + 1;
        var toFriend = friend.Typing.Items.Count(t => t.UserId == typist.Id && t.GroupId is null);
        var toMember = member.Typing.Items.Count(t => t.UserId == typist.Id && t.GroupId == group.Id);
        Assert.InRange(toFriend, 1, allowed);
        Assert.InRange(toMember, 1, allowed);
        Assert.DoesNotContain(friend.Typing.Items, t => t.GroupId is not null);
        return (1000, toFriend + toMember);
    }
}
