using System.ComponentModel.DataAnnotations;

namespace Atrium.Api.Infrastructure.Configuration;

/// <summary>Database settings (section <c>Database</c>); the connection string is <c>ConnectionStrings:Postgres</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Apply pending migrations when the service starts (under an advisory lock).</summary>
    public bool MigrateOnStart { get; set; } = true;

    [Range(1, 1000)] public int MaxPoolSize { get; set; } = 16;

    /// <summary>
    /// How long opening a connection, or waiting for a free one in the pool, may take. A frozen server accepts
    /// the TCP connection and never answers, so this bounds what a request waits before it answers 503.
    /// </summary>
    [Range(1, 300)] public int ConnectTimeoutSeconds { get; set; } = 5;

    /// <summary>
    /// How long one statement may wait for its answer before the connection is given up (503). Every query
    /// of a request takes milliseconds; this is the bound for a server that stopped answering mid-statement.
    /// </summary>
    [Range(1, 3600)] public int CommandTimeoutSeconds { get; set; } = 15;
}
