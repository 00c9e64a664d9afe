namespace Chat.Tests.Infrastructure.Cluster;

/// <summary>Where the repository and the server build that match this test build are.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Chat.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Chat.sln above {AppContext.BaseDirectory}.");
    });

    public static string Root => LazyRoot.Value;

    /// <summary>Debug or Release: the one this test assembly was built with (bin/&lt;Configuration&gt;/net10.0/).</summary>
    public static string Configuration =>
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static string ServerDirectory => Path.Combine(Root, "Chat.Server", "bin", Configuration, "net10.0");

    public static string ServerDll => Path.Combine(ServerDirectory, "Chat.Server.dll");

    public static string NginxConfig => Path.Combine(Root, "nginx", "chat.conf");
}
