using System.Globalization;
using Chat.Bench.Setup;

namespace Chat.Bench.Scenarios;

/// <summary>The mixed scenario's shares in percent: plain sends, replies, edits and reactions.</summary>
internal sealed record MixedShares(double Send, double Reply, double Edit, double React)
{
    public static readonly MixedShares Default = new(70, 10, 10, 10);

    /// <summary>The kinds' names, in the order of <see cref="Percents"/> and of <see cref="Pattern"/>'s values.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["send", "reply", "edit", "react"];

    public IReadOnlyList<double> Percents => [Send, Reply, Edit, React];

    /// <summary>send=70,reply=10,edit=10,react=10 (a kind left out is 0); the shares add up to 100.</summary>
    public static MixedShares Parse(string value)
    {
        var percents = new double[Kinds.Count];
        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var at = part.IndexOf('=');
            var kind = at > 0 ? IndexOf(part[..at]) : -1;
            if (kind < 0 || !double.TryParse(part[(at + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var percent) || percent < 0)
            {
                throw new BenchException($"--mix: '{part}' should be KIND=PERCENT with KIND one of {string.Join(", ", Kinds)}");
            }

            percents[kind] = percent;
        }

        if (Math.Abs(percents.Sum() - 100) > 1e-9)
        {
            throw new BenchException($"--mix: the shares add up to {percents.Sum():0.##}, not 100");
        }

        return new(percents[0], percents[1], percents[2], percents[3]);
    }

    /// <summary>100 slots of kinds, each kind spread evenly (the one furthest behind its share takes the next
    /// slot), so that any run of slots holds close to the shares.</summary>
    public int[] Pattern()
    {
        var pattern = new int[100];
        var given = new int[Kinds.Count];
        for (var slot = 0; slot < pattern.Length; slot++)
        {
            var behind = Enumerable.Range(0, Kinds.Count).MaxBy(k => (Percents[k] * (slot + 1) / 100) - given[k]);
            pattern[slot] = behind;
            given[behind]++;
        }

        return pattern;
    }

    public override string ToString() => string.Join(", ", Kinds.Select((k, i) => $"{Percents[i]:0.##} % {k}"));

    private static int IndexOf(string kind) => Kinds.ToList().IndexOf(kind.ToLowerInvariant());
}
