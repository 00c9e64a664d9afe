using System.Diagnostics.Metrics;
using Chat.Server;
using Chat.Server.Messaging;
using Chat.Server.Observability;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Tests.Unit.Observability;

public sealed class ChatMetricsTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, long Value, Dictionary<string, object?> Tags)> _measurements = [];
    private readonly ChatMetrics _metrics;

    public ChatMetricsTests()
    {
        var meters = _services.GetRequiredService<IMeterFactory>();
        // Only this test's meter: other tests' nodes in this process have meters of the same name.
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == meters)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            _measurements.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        _listener.Start();
        _metrics = new ChatMetrics(meters);
    }

    [Theory]
    [InlineData(nameof(Refusal.Invalid), "invalid")]
    [InlineData(nameof(Refusal.NotFound), "not_found")]
    [InlineData(nameof(Refusal.Forbidden), "forbidden")]
    [InlineData(nameof(Refusal.Conflict), "conflict")]
    public void ARefusedSendIsCountedWithItsReasonAndKind(string refusal, string reason)
    {
        Outcome<MessageDto> outcome = new Refused(Enum.Parse<Refusal>(refusal), "why");

        var returned = _metrics.Counted(MessageKind.Group, outcome);

        Assert.Equal(outcome, returned);
        var (instrument, value, tags) = Assert.Single(_measurements);
        Assert.Equal(("chat.messages.refused", 1L), (instrument, value));
        Assert.Equal(new Dictionary<string, object?> { ["kind"] = "group", ["reason"] = reason }, tags);
    }

    [Fact]
    public void AnAcceptedSendIsCountedWithItsKindOnly()
    {
        var message = new MessageDto(1, "direct", 2, "alice", 3, null, "hi", DateTime.UtcNow, "c", null, [], null, null, [], 1);

        _metrics.Counted(MessageKind.Direct, message);

        var (instrument, value, tags) = Assert.Single(_measurements);
        Assert.Equal(("chat.messages.accepted", 1L), (instrument, value));
        Assert.Equal(new Dictionary<string, object?> { ["kind"] = "direct" }, tags);
    }

    [Fact]
    public void AThrottledSendIsARefusal()
    {
        _metrics.Throttled(MessageKind.Direct);

        var (instrument, _, tags) = Assert.Single(_measurements);
        Assert.Equal("chat.messages.refused", instrument);
        Assert.Equal("throttled", tags["reason"]);
    }

    [Fact]
    public void ASweptNodeCountsOneSweepAndItsUsers()
    {
        _metrics.NodeSwept(usersOffline: 3);

        Assert.Equal([("chat.presence.sweeps", 1L), ("chat.presence.swept_users", 3L)], _measurements.Select(m => (m.Instrument, m.Value)));
    }

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }
}
