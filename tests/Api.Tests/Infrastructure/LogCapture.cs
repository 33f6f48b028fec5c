using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Atrium.Api.Tests.Infrastructure;

/// <summary>Keeps what the service logs at Warning and above, with the exception if one was logged.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LogLine> _lines = new();

    public IReadOnlyList<LogLine> Lines => _lines.ToArray();

    public void Clear() => _lines.Clear();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<LogLine> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                lines.Enqueue(new LogLine(logLevel, category, formatter(state, exception), exception));
        }
    }
}

public sealed record LogLine(LogLevel Level, string Category, string Message, Exception? Exception);
