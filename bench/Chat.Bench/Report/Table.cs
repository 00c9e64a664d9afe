using System.Globalization;
using System.Text;

namespace Chat.Bench.Report;

/// <summary>A markdown table.</summary>
internal sealed class Table(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public int Count => _rows.Count;

    public Table Row(params object?[] cells)
    {
        _rows.Add([.. cells.Select(Cell)]);
        return this;
    }

    public void WriteTo(StringBuilder md)
    {
        md.AppendLine($"| {string.Join(" | ", headers)} |");
        md.AppendLine($"|{string.Concat(headers.Select((_, i) => i == 0 ? " --- |" : " ---: |"))}");
        foreach (var row in _rows)
        {
            md.AppendLine($"| {string.Join(" | ", row)} |");
        }

        md.AppendLine();
    }

    public static string Cell(object? value) => (value switch
    {
        null => "–",
        double d => d.ToString("0.##", CultureInfo.InvariantCulture),
        bool b => b ? "yes" : "no",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    }).Replace("|", "\\|", StringComparison.Ordinal);
}
