using Chat.Bench.Metrics;

namespace Chat.Bench.Report;

// Everything results.json holds; the markdown report is made from these alone.

internal sealed record BenchResults(
    string Mode,
    MachineInfo Machine,
    BenchSettings Settings,
    IReadOnlyList<string> Stacks,
    IReadOnlyDictionary<string, double> ReadyMs,
    IReadOnlyList<LoginResult> Login,
    IReadOnlyList<IdleResult> Idle,
    IReadOnlyList<RateSeries> Direct,
    IReadOnlyList<RateSeries> Group,
    IReadOnlyList<RateSeries> Mixed,
    IReadOnlyList<OfflineResult> Offline,
    IReadOnlyList<FailoverResult> Failover,
    IReadOnlyList<TargetResult> Targets,
    IReadOnlyList<string> Problems);

internal sealed record BenchSettings(
    int Users, IReadOnlyList<double> DirectRates, double StepSeconds, double DrainSeconds, int TextLength,
    int GroupMembers, IReadOnlyList<double> GroupRates, double GroupStepSeconds,
    int IdleConnections, double IdleHoldSeconds, int IdleParallelism, int Nodes,
    int OfflineMessages, int OfflineSenders, int LoginUsers, double LatencyLimitMs,
    int FailoverClients, double FailoverRate, double FailoverSeconds, double FailoverWarmupSeconds,
    IReadOnlyDictionary<string, double>? MixedShares = null);

internal sealed record MachineInfo(string Cpu, int Cores, double MemoryGb, string Os, string Kernel, string Dotnet, string Date, string Commit);

/// <summary>One open-loop step. Deliveries are messages times receivers (1 for direct, every member for
/// group); latencies run from the message's scheduled send time. <c>Bad</c>: pushes or answers that did not
/// say what was sent; <c>WindowSeconds</c>: the wall time the processes' CPU was measured over; <c>Kinds</c>:
/// the figures of each kind of operation in a mixed step.</summary>
internal sealed record StepResult(
    string Stack,
    double Rate,
    int Receivers,
    double Seconds,
    long Messages,
    long Sent,
    long Acked,
    long Failed,
    long Unacked,
    long Deliveries,
    long Delivered,
    long Lost,
    long Duplicates,
    long Strays,
    double OfferedPerSecond,
    double DeliveredPerSecond,
    Percentiles DeliveryMs,
    Percentiles AckMs,
    Percentiles LatenessMs,
    double GeneratorCpuPercent,
    bool Passed,
    bool GeneratorBound,
    IReadOnlyList<string> Errors,
    IReadOnlyList<ProcessFigure> Processes,
    long Bad = 0,
    double WindowSeconds = 0,
    IReadOnlyList<KindResult>? Kinds = null);

/// <summary>One kind of operation within a mixed step; delivery is the push that tells the friend.</summary>
internal sealed record KindResult(
    string Kind, double Share, long Sent, long Acked, long Failed, long Lost, long Delivered, long Duplicates, Percentiles DeliveryMs, Percentiles AckMs);

/// <summary>The steps of one scenario on one stack and the highest that passed.</summary>
internal sealed record RateSeries(
    string Stack, double? HighestPassingRate, double? HighestPassingDeliveriesPerSecond, IReadOnlyList<StepResult> Steps, StepResult? Warmup = null)
{
    /// <summary>The first failed step, where the knee was found; null when every step passed (no knee).</summary>
    public StepResult? Knee => Steps.FirstOrDefault(s => !s.Passed);

    public StepResult? At(double rate) => Steps.FirstOrDefault(s => s.Rate == rate);

    /// <summary>The warm-up first, then the judged steps.</summary>
    public IEnumerable<StepResult> AllSteps => Warmup is { } w ? [w, .. Steps] : Steps;

    /// <summary>By reference: a record's == would compare every figure.</summary>
    public bool IsWarmup(StepResult step) => ReferenceEquals(step, Warmup);
}

internal sealed record NodeMemory(string Name, int Pid, double RssBeforeMb, double RssAfterMb, double MbPer1000);

internal sealed record IdleResult(
    string Stack,
    int Requested,
    int Connected,
    int ConnectFailed,
    int Closed,
    double ConnectSeconds,
    double HoldSeconds,
    IReadOnlyList<NodeMemory> Nodes,
    double MbPer1000PerNode,
    double GeneratorRssMb,
    IReadOnlyList<string> Errors,
    IReadOnlyList<ProcessFigure> Processes);

internal sealed record OfflineResult(
    string Stack,
    int Messages,
    int Senders,
    double SendSeconds,
    int SendFailed,
    int Received,
    int Pages,
    double ConnectMs,
    double SyncMs,
    IReadOnlyList<string> Errors,
    IReadOnlyList<ProcessFigure> Processes);

/// <summary>TEST-PLAN R1 (BENCH) and R5: a node killed half-way through a steady load. Victims are the
/// clients whose connection closed; <c>unaffected</c> latencies are of messages between two others,
/// before the kill and from the kill until every victim was synced again.</summary>
internal sealed record FailoverResult(
    string Stack,
    int Clients,
    double Rate,
    double Seconds,
    string KilledNode,
    int Victims,
    int Messages,
    int Sent,
    int SkippedWhileAway,
    int Acked,
    int FailedWithNode,
    int ResentAcked,
    int Lost,
    int ShownTwice,
    int Inversions,
    Percentiles ReconnectMs,
    int Stuck,
    int Attempts,
    int PeakAttemptsPerSecond,
    int BadGateway,
    int Syncs,
    double DatabaseCpuPercent,
    double StormSeconds,
    Percentiles UnaffectedBeforeMs,
    Percentiles UnaffectedAfterMs,
    IReadOnlyList<string> Errors,
    IReadOnlyList<ProcessFigure> Processes,
    IReadOnlyList<ProcessFigure> StormProcesses);

internal sealed record LoginResult(string Stack, int Users, int Failures, double WallMs, Percentiles LatencyMs, IReadOnlyList<ProcessFigure> Processes);

internal sealed record TargetResult(string Name, string Figure, bool? Met);
