using Microsoft.Extensions.Logging;

namespace Chat.Tests.Infrastructure;

/// <summary>One log entry as a provider receives it, with the values of every scope it was written in.</summary>
public sealed record LogEntry(LogLevel Level, string Category, string Message, Exception? Exception, IReadOnlyList<KeyValuePair<string, object?>> Scopes)
{
    public object? Scope(string key) => Scopes.LastOrDefault(s => s.Key == key).Value;

    /// <summary>Everything a log line would show: the message, the exception and the scope values.</summary>
    public string AllText => string.Join('\n', [Message, Exception?.ToString() ?? "", .. Scopes.Select(s => $"{s.Key}={s.Value}")]);
}

/// <summary>A logger provider next to the console one: it gets what the node's configured levels let
/// through, so a test sees what an operator would.</summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public EventLog<LogEntry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Capturing(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Capturing(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => logs._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<KeyValuePair<string, object?>>();
            logs._scopes.ForEachScope((scope, list) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> values)
                {
                    list.AddRange(values);
                }
                else
                {
                    list.Add(new("Scope", scope?.ToString()));
                }
            }, scopes);
            logs.Entries.Add(new LogEntry(logLevel, category, formatter(state, exception), exception, scopes));
        }
    }
}
