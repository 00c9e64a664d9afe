using System.Globalization;
using System.Text.RegularExpressions;

namespace Chat.Tests.Infrastructure;

/// <summary>A Prometheus text exposition (what GET /metrics answers), read just enough to find samples.</summary>
public sealed partial class PrometheusText(string text)
{
    private readonly List<Sample> _samples = [.. text.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).Select(Sample.Parse)];

    public string Text => text;

    public bool Has(string metric) => _samples.Any(s => s.Name == metric);

    /// <summary>The sum of the samples of <paramref name="metric"/> whose labels include all of <paramref name="labels"/>.</summary>
    public double Sum(string metric, params (string Label, string Value)[] labels) =>
        _samples.Where(s => s.Name == metric && labels.All(l => s.Labels.GetValueOrDefault(l.Label) == l.Value)).Sum(s => s.Value);

    [GeneratedRegex("""(\w+)="((?:[^"\\]|\\.)*)"(?:,|$)""")]
    private static partial Regex LabelPattern();

    private sealed record Sample(string Name, Dictionary<string, string> Labels, double Value)
    {
        public static Sample Parse(string line)
        {
            var open = line.IndexOf('{');
            var close = line.LastIndexOf('}');
            var name = open < 0 ? line[..line.IndexOf(' ')] : line[..open];
            var labels = open < 0
                ? []
                : LabelPattern().Matches(line[(open + 1)..close]).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            var value = line[((close < 0 ? name.Length : close + 1))..].Trim().Split(' ')[0];
            return new Sample(name, labels, double.Parse(value, CultureInfo.InvariantCulture));
        }
    }
}
