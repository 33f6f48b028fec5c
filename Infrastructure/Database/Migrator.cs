using System.Reflection;
using DbUp;
using DbUp.Engine;
using DbUp.Engine.Output;
using Npgsql;

namespace Atrium.Api.Infrastructure.Database;

/// <summary>
/// Applies the embedded <c>Sql/NNNN_*.sql</c> scripts with DbUp, one transaction per script,
/// while holding a PostgreSQL advisory lock so that two replicas never migrate at once. Runs as the owner
/// of the schema (<c>ConnectionStrings:PostgresMigrations</c>), not as the API's own role, which has no DDL
/// rights; without that setting, <c>ConnectionStrings:Postgres</c> is used.
/// </summary>
public sealed class Migrator(IConfiguration configuration, ILogger<Migrator> logger)
{
    public static string ConnectionStringOf(IConfiguration configuration) =>
        configuration.GetConnectionString("PostgresMigrations") is { Length: > 0 } owner
            ? owner
            : configuration.GetConnectionString("Postgres") ?? throw new InvalidOperationException("ConnectionStrings:Postgres is not set.");

    /// <summary>An arbitrary constant shared by every Atrium process: the key of the migration lock.</summary>
    private const long MigrationLockKey = 0x41_74_72_69_75_6D; // "Atrium"

    public static IReadOnlyList<string> ScriptNames() =>
        typeof(Migrator).Assembly.GetManifestResourceNames()
            .Where(IsMigration)
            .Order(StringComparer.Ordinal)
            .ToList();

    private static bool IsMigration(string resource) =>
        resource.StartsWith("Atrium.Api.Sql.", StringComparison.Ordinal) && resource.EndsWith(".sql", StringComparison.Ordinal);

    public async Task<MigrationResult> MigrateAsync(CancellationToken cancellationToken = default)
    {
        var connectionString = ConnectionStringOf(configuration);
        await using var lockConnection = new NpgsqlConnection(connectionString);
        await lockConnection.OpenAsync(cancellationToken);
        await using (var take = new NpgsqlCommand("select pg_advisory_lock(@key)", lockConnection))
        {
            take.Parameters.AddWithValue("key", MigrationLockKey);
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            var upgrader = DeployChanges.To
                .PostgresqlDatabase(connectionString)
                .WithScriptsEmbeddedInAssembly(Assembly.GetExecutingAssembly(), IsMigration)
                .WithTransactionPerScript()
                .WithVariablesDisabled()
                .LogTo(new DbUpLog(logger))
                .Build();

            var result = upgrader.PerformUpgrade();
            var applied = result.Scripts.Select(s => s.Name).ToList();
            return result.Successful
                ? new MigrationResult(true, applied, null)
                : new MigrationResult(false, applied, result.Error?.Message ?? "unknown error");
        }
        finally
        {
            await using var release = new NpgsqlCommand("select pg_advisory_unlock(@key)", lockConnection);
            release.Parameters.AddWithValue("key", MigrationLockKey);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private sealed class DbUpLog(ILogger logger) : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) => logger.LogTrace(format, args);
        public void LogDebug(string format, params object[] args) => logger.LogDebug(format, args);
        public void LogInformation(string format, params object[] args) => logger.LogInformation(format, args);
        public void LogWarning(string format, params object[] args) => logger.LogWarning(format, args);
        public void LogError(string format, params object[] args) => logger.LogError(format, args);
        public void LogError(Exception ex, string format, params object[] args) => logger.LogError(ex, format, args);
    }
}

public sealed record MigrationResult(bool Successful, IReadOnlyList<string> Applied, string? Error);
