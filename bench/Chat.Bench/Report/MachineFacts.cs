using System.Runtime.InteropServices;

namespace Chat.Bench.Report;

/// <summary>What machine the figures come from: absolute figures mean little without it.</summary>
internal static class MachineFacts
{
    public static MachineInfo Read(string commit)
    {
        var cpu = Field("/proc/cpuinfo", "model name", ':') ?? "unknown";
        var memoryKb = Field("/proc/meminfo", "MemTotal", ':')?.Split(' ')[0];
        var os = Field("/etc/os-release", "PRETTY_NAME", '=')?.Trim('"') ?? RuntimeInformation.OSDescription;
        var kernel = ReadOrNull("/proc/sys/kernel/osrelease")?.Trim() ?? "unknown";
        return new MachineInfo(cpu, Environment.ProcessorCount,
            long.TryParse(memoryKb, out var kb) ? Math.Round(kb / 1024.0 / 1024.0, 1) : 0,
            os, kernel, RuntimeInformation.FrameworkDescription, DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'"), commit);
    }

    private static string? Field(string file, string name, char separator) =>
        ReadOrNull(file)?.Split('\n')
            .Where(line => line.StartsWith(name, StringComparison.Ordinal) && line.Contains(separator))
            .Select(line => line[(line.IndexOf(separator) + 1)..].Trim())
            .FirstOrDefault();

    private static string? ReadOrNull(string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
