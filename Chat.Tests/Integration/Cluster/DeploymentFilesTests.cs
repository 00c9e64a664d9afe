using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Chat.Tests.Integration.Cluster;

/// <summary>docker-compose.yml, scripts/cluster.sh and the nginx configuration describe one cluster: the same
/// services, configuration keys and ports. No Docker engine here: compose is checked with <c>docker-compose config</c>.</summary>
public sealed class DeploymentFilesTests
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);
    private static readonly string[] NodeServices = ["chat1", "chat2", "chat3"];
    private static readonly string[] NodeKeys = ["Database__Provider", "ConnectionStrings__Chat", "ConnectionStrings__Redis", "Cluster__NodeId"];
    private static readonly string Repo = FindRepoRoot();

    [Fact]
    public async Task ComposeFileIsValidAndDescribesTheCluster()
    {
        var compose = await RunAsync("docker-compose", "apt-get install -y docker-compose", Repo, "-f", "docker-compose.yml", "config");
        Assert.True(compose.ExitCode == 0, $"docker-compose config failed with exit code {compose.ExitCode}:\n{compose.Output}");

        var config = Yaml.Flatten(compose.Stdout);
        foreach (var service in (string[])["mysql", "redis", "nginx", .. NodeServices])
        {
            Assert.True(config.Keys.Any(k => k.StartsWith($"services/{service}/", StringComparison.Ordinal)), $"service {service} is missing:\n{compose.Stdout}");
        }

        var ports = Values(config, "services/nginx/ports/");
        Assert.True(ports.Contains("8080:8080") || config.Any(e => Regex.IsMatch(e.Key, @"^services/nginx/ports/\d+/published$") && e.Value == "8080"),
            $"nginx does not publish 8080: {string.Join(", ", ports)}");

        foreach (var node in NodeServices)
        {
            var env = EnvironmentOf(config, node);
            Assert.Equal("MySql", env.GetValueOrDefault("Database__Provider"));
            Assert.StartsWith("Server=mysql;", env.GetValueOrDefault("ConnectionStrings__Chat") ?? "");
            Assert.Equal("redis:6379", env.GetValueOrDefault("ConnectionStrings__Redis"));
            Assert.Equal(node, env.GetValueOrDefault("Cluster__NodeId"));
            Assert.True(env.ContainsKey("Proxy__KnownNetworks__0"), $"{node} does not trust the compose network's X-Forwarded-For");
            Assert.Equal("service_healthy", config.GetValueOrDefault($"services/{node}/depends_on/mysql/condition"));
            Assert.Equal("service_healthy", config.GetValueOrDefault($"services/{node}/depends_on/redis/condition"));
            Assert.Contains(Values(config, $"services/{node}/healthcheck/test/"), v => v.Contains("/healthz/ready", StringComparison.Ordinal));
        }

        foreach (var node in NodeServices)
        {
            Assert.Equal("service_healthy", config.GetValueOrDefault($"services/nginx/depends_on/{node}/condition"));
        }
    }

    [Fact]
    public void ClusterScriptUsesTheSameKeysAndPortsAsCompose()
    {
        var script = File.ReadAllText(Path.Combine(Repo, "scripts", "cluster.sh"));
        var compose = File.ReadAllText(Path.Combine(Repo, "docker-compose.yml"));

        Assert.Contains("Database__Provider=MySql", script);
        foreach (var key in NodeKeys)
        {
            Assert.Contains($"{key}=", script);
            Assert.Contains($"{key}:", compose);
        }

        Assert.Equal("8080", Match(script, @"CHAT_ENTRY_PORT:-(\d+)"));
        Assert.Equal("5001", Match(script, @"CHAT_BASE_PORT:-(\d+)"));
        Assert.Contains("\"8080:8080\"", compose);
        Assert.Equal("listen 8080;", File.ReadAllText(Path.Combine(Repo, "nginx", "compose", "chat-listen.conf")).Trim());
        var upstream = File.ReadAllText(Path.Combine(Repo, "nginx", "compose", "chat-upstream.conf"));
        foreach (var node in NodeServices)
        {
            Assert.Matches($@"(?m)^server {node}:8080 max_fails=0;$", upstream);
        }

        // Both include the one shared nginx/chat.conf.
        Assert.Contains("nginx/chat.conf", script);
        Assert.Contains("./nginx/chat.conf:", compose);
    }

    [Fact]
    public async Task ClusterScriptIsValidBash()
    {
        var result = await RunAsync("bash", "apt-get install -y bash", Repo, "-n", "scripts/cluster.sh");

        Assert.True(result.ExitCode == 0, $"bash -n scripts/cluster.sh failed:\n{result.Output}");
    }

    [Fact]
    public async Task SharedNginxConfigPassesNginxTestInsideTheComposeWrapper()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"chat-nginx-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var compose = Path.Combine(Repo, "nginx", "compose");
            File.Copy(Path.Combine(Repo, "nginx", "chat.conf"), Path.Combine(dir, "chat.conf"));
            File.Copy(Path.Combine(compose, "nginx.conf"), Path.Combine(dir, "nginx.conf"));
            File.Copy(Path.Combine(compose, "chat-listen.conf"), Path.Combine(dir, "chat-listen.conf"));
            // nginx -t resolves upstream host names, and chat1..3 exist only on a compose network.
            var upstream = Regex.Replace(File.ReadAllText(Path.Combine(compose, "chat-upstream.conf")),
                @"\bchat(\d+):8080\b", m => $"127.0.0.1:{5000 + int.Parse(m.Groups[1].Value)}");
            await File.WriteAllTextAsync(Path.Combine(dir, "chat-upstream.conf"), upstream);

            var result = await RunAsync("nginx", "apt-get install -y nginx", dir, "-t", "-p", dir, "-c", Path.Combine(dir, "nginx.conf"));

            Assert.True(result.ExitCode == 0, $"nginx -t failed with exit code {result.ExitCode}:\n{result.Output}");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static List<string> Values(Dictionary<string, string> config, string prefix) =>
        [.. config.Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(e => e.Value)];

    // docker-compose prints environment as a mapping; the list form ("KEY=value") is read too.
    private static Dictionary<string, string> EnvironmentOf(Dictionary<string, string> config, string service)
    {
        var prefix = $"services/{service}/environment/";
        var env = new Dictionary<string, string>();
        foreach (var (key, value) in config.Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var name = key[prefix.Length..];
            if (int.TryParse(name, out _) && value.Contains('='))
            {
                env[value[..value.IndexOf('=')]] = value[(value.IndexOf('=') + 1)..];
            }
            else
            {
                env[name] = value;
            }
        }

        return env;
    }

    private static string Match(string text, string pattern)
    {
        var match = Regex.Match(text, pattern);
        Assert.True(match.Success, $"scripts/cluster.sh has no {pattern}");
        return match.Groups[1].Value;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Chat.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Chat.sln above {AppContext.BaseDirectory}.");
    }

    private sealed record ToolResult(int ExitCode, string Stdout, string Stderr)
    {
        public string Output => $"{Stdout}\n{Stderr}".Trim();
    }

    private static async Task<ToolResult> RunAsync(string tool, string install, string workingDirectory, params string[] args)
    {
        var file = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/usr/bin", "/sbin", "/bin"])
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists);
        Assert.True(file is not null, $"{tool} is not installed: run '{install}' as root (scripts/test.sh installs what the tests need).");

        var start = new ProcessStartInfo(file, args)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(ToolTimeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{tool} {string.Join(' ', args)} did not finish within {ToolTimeout.TotalSeconds} s.");
        }

        return new ToolResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Just enough YAML for <c>docker-compose config</c> output (block style, as PyYAML writes it):
    /// every scalar becomes one entry whose key is its path, e.g. <c>services/chat1/environment/Database__Provider</c>;
    /// sequence items are numbered (<c>services/nginx/ports/0</c>, <c>services/nginx/ports/0/published</c>).</summary>
    private static class Yaml
    {
        private sealed record Frame(int Indent, string Path);

        public static Dictionary<string, string> Flatten(string text)
        {
            var result = new Dictionary<string, string>();
            var stack = new Stack<Frame>();
            var counters = new Dictionary<string, int>();
            string? lastScalarPath = null;
            var lastScalarIndent = -1;

            foreach (var raw in text.Split('\n'))
            {
                var line = raw.TrimEnd('\r', ' ');
                var content = line.TrimStart(' ');
                if (content.Length == 0 || content.StartsWith('#') || content == "---")
                {
                    continue;
                }

                var indent = line.Length - content.Length;
                var isItem = content == "-" || content.StartsWith("- ", StringComparison.Ordinal);
                // A long plain scalar that PyYAML folded onto the next, deeper line.
                if (!isItem && lastScalarPath is not null && indent > lastScalarIndent && KeyOf(content) is null)
                {
                    result[lastScalarPath] += " " + Unquote(content);
                    continue;
                }

                lastScalarPath = null;
                if (isItem)
                {
                    // Items sit at their parent key's indent; an item's own keys at indent + 2.
                    while (stack.Count > 0 && stack.Peek().Indent > indent)
                    {
                        stack.Pop();
                    }

                    var parent = stack.Count > 0 ? stack.Peek().Path : "";
                    var index = counters.GetValueOrDefault(parent);
                    counters[parent] = index + 1;
                    var itemPath = Join(parent, index.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    stack.Push(new Frame(indent + 1, itemPath));
                    content = content.Length > 1 ? content[2..].TrimStart(' ') : "";
                    indent += 2;
                    if (content.Length == 0)
                    {
                        continue;
                    }

                    if (KeyOf(content) is null)
                    {
                        result[itemPath] = Unquote(content);
                        (lastScalarPath, lastScalarIndent) = (itemPath, indent - 2);
                        continue;
                    }
                }

                var key = KeyOf(content);
                if (key is null)
                {
                    continue;
                }

                while (stack.Count > 0 && stack.Peek().Indent >= indent)
                {
                    stack.Pop();
                }

                var path = Join(stack.Count > 0 ? stack.Peek().Path : "", Unquote(key));
                var value = content[(key.Length + 1)..].Trim(' ');
                stack.Push(new Frame(indent, path));
                if (value.Length > 0)
                {
                    result[path] = value is "{}" or "[]" ? "" : Unquote(value);
                    (lastScalarPath, lastScalarIndent) = (path, indent);
                }
            }

            return result;
        }

        // "key: value" or "key:" gives the key; a plain scalar (even one holding "=" or ";") gives null.
        private static string? KeyOf(string content)
        {
            if (content.StartsWith('\'') || content.StartsWith('"'))
            {
                var close = content.IndexOf(content[0], 1);
                return close > 0 && content.Length > close + 1 && content[close + 1] == ':' ? content[..(close + 1)] : null;
            }

            var colon = content.IndexOf(": ", StringComparison.Ordinal);
            if (colon < 0 && content.EndsWith(':'))
            {
                colon = content.Length - 1;
            }

            return colon > 0 ? content[..colon] : null;
        }

        private static string Unquote(string value)
        {
            if (value.Length >= 2 && value[0] == '\'' && value[^1] == '\'')
            {
                return value[1..^1].Replace("''", "'", StringComparison.Ordinal);
            }

            if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
            {
                var inner = new StringBuilder(value[1..^1]);
                return inner.Replace("\\\"", "\"").Replace("\\\\", "\\").ToString();
            }

            return value;
        }

        private static string Join(string parent, string key) => parent.Length == 0 ? key : $"{parent}/{key}";
    }
}
