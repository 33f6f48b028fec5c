using Atrium.Api.Infrastructure.Redis;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using StackExchange.Redis;

namespace Atrium.Api.Infrastructure.Health;

public static class HealthSetup
{
    private const string Ready = "ready";

    /// <summary>
    /// Each readiness check gives up after this long (the checks run side by side), so <c>/health/ready</c>
    /// answers well within a probe's 3 s timeout even when a dependency hangs.
    /// </summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(1);

    public static IServiceCollection AddAtriumHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<PostgresHealthCheck>("postgres", failureStatus: null, tags: [Ready], timeout: CheckTimeout)
            .AddCheck<RedisHealthCheck>("redis", failureStatus: null, tags: [Ready], timeout: CheckTimeout);
        return services;
    }

    /// <summary><c>/health/live</c>: the process answers. <c>/health/ready</c>: PostgreSQL and Redis answer too.</summary>
    public static IEndpointRouteBuilder MapAtriumHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteJson })
            .WithTags("Health").WithSummary("Liveness: the process is up.");
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteJson })
            .WithTags("Health").WithSummary("Readiness: PostgreSQL and Redis answer.");
        return app;
    }

    private static Task WriteJson(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString().ToLowerInvariant(),
            // Anonymous callers (probes, load balancers) learn which dependency fails, never why: the reason
            // is in the service's log.
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString().ToLowerInvariant(),
                duration_ms = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
            }),
        });
    }

    /// <summary>The exception's type and SQLSTATE for the log line; the result carries no exception, so no stack trace per probe.</summary>
    private static string Reason(Exception e) => e is PostgresException pg ? pg.SqlState : e.GetType().Name;

    private sealed class PostgresHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await using var command = dataSource.CreateCommand("select 1");
                await command.ExecuteScalarAsync(cancellationToken).WaitAsync(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                return HealthCheckResult.Unhealthy($"PostgreSQL does not answer ({Reason(e)}).");
            }
        }
    }

    private sealed class RedisHealthCheck(RedisStore redis) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await redis.Db.PingAsync().WaitAsync(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy($"Redis does not answer ({Reason(e)}).");
            }
        }
    }
}
