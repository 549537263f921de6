using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Peerlink.Hosting.Tests;

internal sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception, IReadOnlyList<string> Scopes);

/// <summary>Keeps every log entry with the scopes open around it (per instance: no static state).</summary>
internal sealed class CapturingLoggerFactory : ILoggerFactory
{
    private readonly AsyncLocal<ImmutableScope?> _scope = new();

    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed record ImmutableScope(string Text, ImmutableScope? Parent);

    private sealed class Logger(CapturingLoggerFactory owner, string category) : ILogger
    {
        public IDisposable BeginScope<TState>(TState state)
            where TState : notnull
        {
            var previous = owner._scope.Value;
            owner._scope.Value = new ImmutableScope(state.ToString() ?? string.Empty, previous);
            return new Pop(owner, previous);
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<string>();
            for (var s = owner._scope.Value; s is not null; s = s.Parent)
            {
                scopes.Add(s.Text);
            }

            owner.Entries.Enqueue(new LogEntry(category, logLevel, eventId, formatter(state, exception), exception, scopes));
        }
    }

    private sealed class Pop(CapturingLoggerFactory owner, ImmutableScope? previous) : IDisposable
    {
        public void Dispose() => owner._scope.Value = previous;
    }
}
