using System.Text.Encodings.Web;
using System.Text.Json;
using Chat.Bench.Setup;
using Chat.Bench.Scenarios;

namespace Chat.Bench.Report;

/// <summary>Collects the scenarios' results and writes results.json and the markdown report, after
/// every scenario, so a run that breaks off still leaves what it measured.</summary>
internal sealed class ReportWriter(BenchOptions options)
{
    // A file for people and scripts, never embedded in HTML: no need to escape '+' or '×'.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly MachineInfo _machine = MachineFacts.Read(options.Commit);

    public IReadOnlyList<string> Stacks { get; set; } = [];

    public List<LoginResult> Login { get; } = [];

    public List<IdleResult> Idle { get; } = [];

    public List<RateSeries> Direct { get; } = [];

    public List<RateSeries> Group { get; } = [];

    public List<RateSeries> Mixed { get; } = [];

    public List<OfflineResult> Offline { get; } = [];

    public List<FailoverResult> Failover { get; } = [];

    public BenchResults Save()
    {
        var settings = new BenchSettings(
            options.Users & ~1, options.DirectRates, options.StepSeconds, options.DrainSeconds, Texts.Length,
            options.GroupMembers, options.GroupRates, options.GroupStepSeconds,
            options.IdleConnections, options.IdleHoldSeconds, options.IdleParallelism, options.Nodes,
            options.OfflineMessages, options.OfflineSenders, options.LoginUsers, StepRunner.LatencyLimitMs,
            options.FailoverClients & ~1, options.FailoverRate, options.FailoverSeconds, options.FailoverWarmupSeconds,
            MixedShares.Kinds.Select((k, i) => (k, options.Mix.Percents[i])).ToDictionary());
        var results = new BenchResults(options.Smoke ? "smoke" : "full", _machine, settings, Stacks, options.ReadyMs,
            Login, Idle, Direct, Group, Mixed, Offline, Failover, [], []);
        results = results with { Targets = Targets.Evaluate(results), Problems = Problems.Find(results) };
        Write(options.JsonPath, JsonSerializer.Serialize(results, Json) + "\n");
        var analysis = options.AnalysisPath is { } path && File.Exists(path) ? File.ReadAllText(path) : null;
        Write(options.MarkdownPath, MarkdownReport.Render(results, analysis));
        return results;
    }

    /// <summary>Writes the report of a finished run again from its results.json, e.g. after bench/analysis.md,
    /// which is written by hand once the figures are in, has changed.</summary>
    public static void Render(string jsonPath, string markdownPath, string? analysisPath)
    {
        var results = JsonSerializer.Deserialize<BenchResults>(File.ReadAllText(jsonPath), Json)
            ?? throw new BenchException($"{jsonPath} holds no results");
        // Results from before the mixed scenario have none.
        results = results with { Mixed = results.Mixed ?? [] };
        var analysis = analysisPath is not null && File.Exists(analysisPath) ? File.ReadAllText(analysisPath) : null;
        Write(markdownPath, MarkdownReport.Render(results, analysis));
    }

    private static void Write(string path, string text)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        File.WriteAllText(path, text);
    }
}
