using System.ComponentModel.DataAnnotations;

namespace Atrium.Api.Infrastructure.Configuration;

/// <summary>Database settings (section <c>Database</c>); the connection string is <c>ConnectionStrings:Postgres</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Apply pending migrations when the service starts (under an advisory lock).</summary>
    public bool MigrateOnStart { get; set; } = true;

    [Range(1, 1000)] public int MaxPoolSize { get; set; } = 16;
}
