namespace Chat.Tests.Integration.Cluster;

/// <summary>Cluster tests run one class at a time and after everything else: each class has its own
/// cluster of five processes, and the fault tests time failovers that a busy machine would distort.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection
{
    public const string Name = "Cluster";
}
