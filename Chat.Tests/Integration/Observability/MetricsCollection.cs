namespace Chat.Tests.Integration.Observability;

/// <summary>Meters and their listeners are process-wide: with nodes of other test classes running in this
/// process at the same time, a node's MeterProvider may take another node's instruments of the same name as
/// its own and drop its node's. Tests that read a node's metrics therefore run on their own, after the rest.</summary>
[CollectionDefinition(nameof(MetricsCollection), DisableParallelization = true)]
public sealed class MetricsCollection;
