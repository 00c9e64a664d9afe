using System.Globalization;
using Chat.Bench.Metrics;
using Chat.Bench.Scenarios;
using Chat.Bench.Setup;

namespace Chat.Bench;

/// <summary>The command line. bench/run.sh passes the stacks' entries, the server pids and the
/// readiness figures; everything else has a full-run default, and --smoke makes each scenario tiny.</summary>
internal sealed class BenchOptions
{
    public const string Usage = """
        usage: Chat.Bench --product URL [--relay URL] [options]
               Chat.Bench --render RESULTS.json REPORT.md [ANALYSIS.md]   (the report again from a run's results)
          --product URL            the product cluster's entry (nginx)
          --relay URL              the baseline relay's entry (its own nginx); absent: product only
          --smoke                  every scenario tiny (about 10 s of load); exit 1 on anything lost, duplicated or refused
          --json FILE              results (default results.json)
          --markdown FILE          the report (default BENCHMARKS.md)
          --analysis FILE          hand-written text included verbatim in the report (bench/analysis.md)
          --proc STACK:NAME=PID    a process to sample (repeat); NAME node* counts as a node
          --ready STACK=MS         time a fresh node took to become ready (repeat)
          --commit TEXT            the git commit measured
          --scenarios LIST         login,idle,direct,mixed,group,offline,failover (default all; failover kills a node, so it runs last)
          --users N                direct users, in friend pairs (200)
          --rates LIST             direct rates in msg/s (500,1000,2000,4000,...,24000; given: exactly these unless --max-rate)
          --max-rate R             past the last rate, go on by its last increment up to R while steps pass (60000)
          --step-seconds S         seconds per direct step (20)
          --drain S                seconds to wait for late answers after a step (5)
          --mix SHARES             the mixed scenario's operations in percent, on the direct ladder (send=70,reply=10,edit=10,react=10)
          --warmup S               seconds at the first rate before the direct and group steps, reported, not judged (10)
          --group-members N        (100)   --group-rates LIST (10,25,50,75,100,150)   --group-seconds S (10)
          --idle N                 idle connections (15000)   --idle-hold S (20)   --idle-parallel N (100)
          --nodes N                nodes per stack, for MB per 1000 connections per node (2)
          --offline N              messages waiting for the offline friend (10000)   --offline-senders N (4)
          --login N                users logging in at once (200)
          --failover-clients N     clients when a node is killed (1500)   --failover-rate R (1000)   --failover-seconds S (60)
        """;

    public required Uri Product { get; init; }

    public Uri? Relay { get; init; }

    public bool Smoke { get; private set; }

    public string JsonPath { get; private set; } = "results.json";

    public string MarkdownPath { get; private set; } = "BENCHMARKS.md";

    public string? AnalysisPath { get; private set; }

    public string Commit { get; private set; } = "unknown";

    public List<WatchedProcess> Processes { get; } = [];

    public Dictionary<string, double> ReadyMs { get; } = [];

    public HashSet<string> Scenarios { get; private set; } = ["login", "idle", "direct", "mixed", "group", "offline", "failover"];

    public int Users { get; private set; } = 200;

    public IReadOnlyList<double> DirectRates { get; private set; } = [500, 1000, 2000, 4000, 6000, 8000, 10000, 12000, 14000, 16000, 18000, 20000, 22000, 24000];

    /// <summary>Where the direct ladder stops going on past <see cref="DirectRates"/>; null: at its last rate.</summary>
    public double? DirectMaxRate { get; private set; } = 60000;

    /// <summary>The mixed scenario's shares of plain sends, replies, edits and reactions.</summary>
    public MixedShares Mix { get; private set; } = MixedShares.Default;

    public double StepSeconds { get; private set; } = 20;

    public double DrainSeconds { get; private set; } = 5;

    public double WarmupSeconds { get; private set; } = 10;

    public int GroupMembers { get; private set; } = 100;

    public IReadOnlyList<double> GroupRates { get; private set; } = [10, 25, 50, 75, 100, 150];

    public double GroupStepSeconds { get; private set; } = 10;

    public int IdleConnections { get; private set; } = 15000;

    public double IdleHoldSeconds { get; private set; } = 20;

    public int IdleParallelism { get; private set; } = 100;

    public int Nodes { get; private set; } = 2;

    public int OfflineMessages { get; private set; } = 10000;

    public int OfflineSenders { get; private set; } = 4;

    public int LoginUsers { get; private set; } = 200;

    public int FailoverClients { get; private set; } = 1500;

    public double FailoverRate { get; private set; } = 1000;

    public double FailoverSeconds { get; private set; } = 60;

    /// <summary>Sent but not in the failover's "before" figures: the warm-up, at most a quarter of the run.</summary>
    public double FailoverWarmupSeconds => Math.Min(WarmupSeconds, FailoverSeconds / 4);

    /// <summary>How long the whole run may take.</summary>
    public TimeSpan TimeLimit => Smoke ? TimeSpan.FromMinutes(10) : TimeSpan.FromHours(2);

    /// <summary>Users each stack needs: direct pairs, group members and the login crowd come from one pool.</summary>
    public int UserPool => Math.Max(Users & ~1, Math.Max(GroupMembers, LoginUsers));

    public static BenchOptions Parse(string[] args)
    {
        var pairs = new List<(string Key, string? Value)>();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new BenchException($"unexpected argument '{args[i]}'");
            }

            var key = args[i][2..];
            var value = key is "smoke" or "help" ? null : i + 1 < args.Length ? args[++i] : throw new BenchException($"--{key} needs a value");
            pairs.Add((key, value));
        }

        if (pairs.Any(p => p.Key == "help"))
        {
            throw new BenchException("");
        }

        var product = pairs.LastOrDefault(p => p.Key == "product").Value ?? throw new BenchException("--product is required");
        var relay = pairs.LastOrDefault(p => p.Key == "relay").Value;
        var options = new BenchOptions { Product = new Uri(product), Relay = relay is null ? null : new Uri(relay) };
        if (pairs.Any(p => p.Key == "smoke"))
        {
            options.UseSmokeSizes();
        }

        foreach (var (key, value) in pairs.Where(p => p.Value is not null))
        {
            options.Set(key, value!);
        }

        if (pairs.Any(p => p.Key == "rates") && !pairs.Any(p => p.Key == "max-rate"))
        {
            options.DirectMaxRate = null;
        }

        return options;
    }

    private void UseSmokeSizes()
    {
        Smoke = true;
        Users = 20;
        DirectRates = [50];
        DirectMaxRate = null;
        StepSeconds = 3;
        DrainSeconds = 3;
        WarmupSeconds = 1;
        GroupMembers = 10;
        GroupRates = [5];
        GroupStepSeconds = 2;
        IdleConnections = 100;
        IdleHoldSeconds = 2;
        IdleParallelism = 20;
        OfflineMessages = 300;
        LoginUsers = 20;
        FailoverClients = 40;
        FailoverRate = 40;
        FailoverSeconds = 6;
    }

    private void Set(string key, string value)
    {
        switch (key)
        {
            case "product" or "relay": break;
            case "json": JsonPath = value; break;
            case "markdown": MarkdownPath = value; break;
            case "analysis": AnalysisPath = value; break;
            case "commit": Commit = value; break;
            case "proc": Processes.Add(ParseProcess(value)); break;
            case "ready":
                var (stack, ms) = Split(value, '=');
                ReadyMs[stack] = Number(ms);
                break;
            case "scenarios": Scenarios = [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]; break;
            case "users": Users = Count(value, 2); break;
            case "rates": DirectRates = Numbers(value); break;
            case "max-rate": DirectMaxRate = Number(value); break;
            case "mix": Mix = MixedShares.Parse(value); break;
            case "step-seconds": StepSeconds = Number(value); break;
            case "drain": DrainSeconds = Number(value); break;
            case "warmup": WarmupSeconds = Number(value); break;
            case "group-members": GroupMembers = Count(value, 2); break;
            case "group-rates": GroupRates = Numbers(value); break;
            case "group-seconds": GroupStepSeconds = Number(value); break;
            case "idle": IdleConnections = Count(value, 1); break;
            case "idle-hold": IdleHoldSeconds = Number(value); break;
            case "idle-parallel": IdleParallelism = Count(value, 1); break;
            case "nodes": Nodes = Count(value, 1); break;
            case "offline": OfflineMessages = Count(value, 1); break;
            case "offline-senders": OfflineSenders = Count(value, 1); break;
            case "login": LoginUsers = Count(value, 1); break;
            case "failover-clients": FailoverClients = Count(value, 2); break;
            case "failover-rate": FailoverRate = Number(value); break;
            case "failover-seconds": FailoverSeconds = Number(value); break;
            default: throw new BenchException($"unknown option --{key}");
        }
    }

    private static WatchedProcess ParseProcess(string value)
    {
        var (label, pid) = Split(value, '=');
        var (stack, name) = Split(label, ':');
        return new WatchedProcess(stack, name, Count(pid, 1));
    }

    private static (string, string) Split(string value, char separator)
    {
        var at = value.IndexOf(separator);
        return at > 0 ? (value[..at], value[(at + 1)..]) : throw new BenchException($"'{value}' should look like a{separator}b");
    }

    private static int Count(string value, int min) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min ? n : throw new BenchException($"'{value}' is not a whole number >= {min}");

    private static double Number(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new BenchException($"'{value}' is not a positive number");

    private static double[] Numbers(string value) =>
        [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Number)];
}
