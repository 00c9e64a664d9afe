namespace Chat.Server.Presence;

/// <summary>This node's place in the cluster (section <c>Cluster</c>).</summary>
internal sealed class ClusterOptions
{
    public const string Section = "Cluster";

    /// <summary>The node's name in presence, logs and telemetry; the host name when not set.</summary>
    public string? NodeId { get; set; }
}
