using System.Text.Json;
using Chat.Bench.Setup;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chat.Bench.Scenarios;

/// <summary>Users 2k and 2k + 1 are friends: the direct and mixed scenarios' set-up.</summary>
internal static class FriendPairs
{
    /// <summary>The users of <paramref name="stack"/> that the pair scenarios use: an even number.</summary>
    public static BenchUser[] Of(Stack stack, BenchOptions options) => [.. stack.Users.Take(options.Users & ~1)];

    /// <summary>Friendship is mutual, so one call per pair, from a connection of its own (the load's lean
    /// connections only send messages). Asking again for a friend one has changes nothing.</summary>
    public static async Task BefriendAsync(Uri entry, BenchUser[] users, CancellationToken ct)
    {
        var askers = Enumerable.Range(0, users.Length / 2).Select(pair => HubClients.Create(entry, users[2 * pair].AccessToken)).ToList();
        await HubClients.StartAllAsync(askers, 50, ct);
        try
        {
            await Parallel.ForAsync(0, askers.Count, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
                async (pair, token) => await askers[pair].InvokeAsync<JsonElement>("AddFriend", users[(2 * pair) + 1].Id, token));
        }
        finally
        {
            await HubClients.DisposeAllAsync(askers);
        }
    }
}

/// <summary>A load over friend pairs: message i goes out from user i mod n (the senders taking turns) to
/// that user's friend.</summary>
internal abstract class PairLoad(Uri entry, BenchUser[] pairs) : HubLoad(entry, pairs)
{
    private static readonly JsonEncodedText AddFriend = JsonEncodedText.Encode("AddFriend");
    private static readonly JsonEncodedText SendDirect = JsonEncodedText.Encode("SendDirect");

    public override int Receivers => 1;

    public static int Friend(int user) => user ^ 1;

    public int SenderOf(int index) => index % Users.Length;

    /// <summary>SendDirect of the plain text to the sender's friend, with a clientMessageId naming the scenario,
    /// step and message.</summary>
    protected void SendPlain(StepRecorder recorder, int index, char scenario)
    {
        var sender = SenderOf(index);
        Invoke(recorder, sender, index, SendDirect, (To: Users[Friend(sender)].Id, recorder.Step, Index: index, Scenario: scenario), static (json, m) =>
        {
            json.WriteNumberValue(m.To);
            json.WriteStringValue(Texts.HundredJson);
            Texts.WriteClientMessageId(json, m.Scenario, m.Step, m.Index);
        });
    }

    /// <summary>Asks for the friend it already has: both stacks answer it, and nothing changes.</summary>
    protected override Task ReadyAsync(LeanHubConnection connection, int j, CancellationToken ct) =>
        connection.ReadyAsync(AddFriend, Users[Friend(j)].Id, static (json, friend) => json.WriteNumberValue(friend), ct);
}
