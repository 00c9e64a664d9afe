using System.Globalization;

namespace Chat.Bench.Metrics;

/// <summary>A server process (or the generator itself) whose CPU and memory are reported.</summary>
internal sealed record WatchedProcess(string Stack, string Name, int Pid)
{
    /// <summary>The stack label of the load generator's own process.</summary>
    public const string GeneratorStack = "bench";

    public string Label => $"{Stack}:{Name}";

    public bool IsNode => Name.StartsWith("node", StringComparison.Ordinal);
}

/// <summary>CPU time and peak RSS of one process over a window.</summary>
internal sealed record ProcessFigure(string Stack, string Name, int Pid, double CpuPercent, double RssMaxMb);

/// <summary>Reads /proc every half second: utime+stime for CPU, VmRSS for memory. Windows (one per
/// step) take the CPU time used between their start and end and the largest RSS seen meanwhile.</summary>
internal sealed class ProcessSampler : IDisposable
{
    // /proc/PID/stat counts in USER_HZ, which is 100 on every Linux .NET runs on.
    private const double TicksPerSecond = 100;

    private readonly Lock _lock = new();
    private readonly List<ProcessWindow> _open = [];
    private readonly Timer _timer;

    public ProcessSampler(IReadOnlyList<WatchedProcess> processes)
    {
        Processes = processes;
        _timer = new Timer(_ => Sample(), null, 500, 500);
    }

    public IReadOnlyList<WatchedProcess> Processes { get; }

    public ProcessWindow Begin()
    {
        var window = new ProcessWindow(this);
        lock (_lock)
        {
            _open.Add(window);
        }

        window.Observe();
        return window;
    }

    internal void Close(ProcessWindow window)
    {
        lock (_lock)
        {
            _open.Remove(window);
        }
    }

    /// <summary>CPU seconds (user + system) used so far; null once the process is gone.</summary>
    public static double? CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name may hold spaces and parentheses; the fields after its last ')' are fixed.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Resident memory in MB; null once the process is gone.</summary>
    public static double? RssMb(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var kb = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                    return Math.Round(kb / 1024.0, 1);
                }
            }
        }
        catch (IOException)
        {
        }

        return null;
    }

    private void Sample()
    {
        ProcessWindow[] open;
        lock (_lock)
        {
            open = [.. _open];
        }

        foreach (var window in open)
        {
            window.Observe();
        }
    }

    public void Dispose() => _timer.Dispose();
}

/// <summary>One measuring window of a <see cref="ProcessSampler"/>.</summary>
internal sealed class ProcessWindow
{
    private readonly ProcessSampler _sampler;
    private readonly long _started = Clock.Now;
    private readonly double?[] _cpuAtStart;
    private readonly double[] _rssMax;

    public ProcessWindow(ProcessSampler sampler)
    {
        _sampler = sampler;
        _cpuAtStart = [.. sampler.Processes.Select(p => ProcessSampler.CpuSeconds(p.Pid))];
        _rssMax = new double[sampler.Processes.Count];
    }

    internal void Observe()
    {
        for (var i = 0; i < _rssMax.Length; i++)
        {
            var rss = ProcessSampler.RssMb(_sampler.Processes[i].Pid) ?? 0;
            lock (_rssMax)
            {
                _rssMax[i] = Math.Max(_rssMax[i], rss);
            }
        }
    }

    /// <summary>The window's wall time, once it has ended.</summary>
    public double Seconds { get; private set; }

    public IReadOnlyList<ProcessFigure> End()
    {
        Observe();
        _sampler.Close(this);
        var seconds = Seconds = Clock.Seconds(Clock.Now - _started);
        var figures = new List<ProcessFigure>();
        for (var i = 0; i < _rssMax.Length; i++)
        {
            var process = _sampler.Processes[i];
            var cpu = ProcessSampler.CpuSeconds(process.Pid) - _cpuAtStart[i];
            var percent = cpu is { } used && seconds > 0 ? Math.Round(100 * used / seconds, 1) : 0;
            figures.Add(new ProcessFigure(process.Stack, process.Name, process.Pid, percent, _rssMax[i]));
        }

        return figures;
    }
}
