using System.Diagnostics.Metrics;
using Chat.Server.Messaging;
using Chat.Server.Realtime;

namespace Chat.Server.Observability;

/// <summary>What this node holds now, read when metrics are collected (a scrape or an export), so the hot
/// path pays nothing for them.</summary>
internal sealed class NodeGauges
{
    public NodeGauges(IMeterFactory meters, ConnectionRegistry connections, BackplaneStatus backplane, MissedPushes missed)
    {
        var meter = meters.Create(ChatMetrics.MeterName);
        meter.CreateObservableGauge("chat.connections.active", () => connections.Count, "{connection}", "Hub connections open on this node.");
        meter.CreateObservableGauge("chat.users.active", connections.UserCount, "{user}", "Users with at least one hub connection on this node.");
        meter.CreateObservableGauge("chat.backplane.delivering", () => backplane.Delivering ? 1 : 0, null,
            "1 while this node's pushes reach the other nodes (or there is no backplane), 0 from a failure until recovery.");
        meter.CreateObservableCounter("chat.backplane.outages", () => backplane.Outages, "{outage}", "Times the backplane stopped delivering.");
        meter.CreateObservableCounter("chat.backplane.recoveries", () => backplane.Recoveries, "{recovery}",
            "Times the backplane delivered again after an outage (presence restored, missed pushes sent, the gap replayed).");
        meter.CreateObservableGauge("chat.pushes.missed", () => missed.Count, "{push}", "Pushes waiting to be published again once the backplane is back.");
    }
}
