namespace Chat.Tests.Integration.Observability;

/// <summary>Meters, activity sources and their listeners are process-wide. With nodes of other test classes
/// running in this process at the same time, a node's MeterProvider may take another node's instruments of
/// the same name as its own, and a node's TracerProvider records the other nodes' spans too (their users
/// have the same small ids). Tests that read a node's metrics or spans therefore run on their own, after the rest.</summary>
[CollectionDefinition(nameof(TelemetryCollection), DisableParallelization = true)]
public sealed class TelemetryCollection;
