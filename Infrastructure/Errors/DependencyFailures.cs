using Microsoft.AspNetCore.Mvc;
using Npgsql;
using StackExchange.Redis;

namespace Atrium.Api.Infrastructure.Errors;

/// <summary>
/// Recognises failures that are not the request's fault but a dependency's passing state: PostgreSQL or
/// Redis down, restarting or out of connections (503 with <c>Retry-After</c>), and a transaction that lost
/// a deadlock or a serialization check (409, the client may retry). Decided by exception type and
/// SQLSTATE, never by message text.
/// </summary>
public static class DependencyFailures
{
    /// <summary>What a client is told to wait before retrying a request that met a dependency outage.</summary>
    public const int RetryAfterSeconds = 5;

    public static DependencyFailure? Classify(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            var found = e switch
            {
                PostgresException pg => FromPostgres(pg),
                NpgsqlException { IsTransient: true } => Unavailable("database_unavailable", "PostgreSQL", e),
                RedisConnectionException or RedisTimeoutException => Unavailable("redis_unavailable", "Redis", e),
                // Error replies are prefixed with their code: a restarted Redis loading its data, or one busy in a script.
                RedisServerException rs when rs.Message.StartsWith("LOADING", StringComparison.Ordinal)
                    || rs.Message.StartsWith("BUSY", StringComparison.Ordinal) => Unavailable("redis_unavailable", "Redis", e),
                _ => null,
            };
            if (found is not null)
                return found;
        }
        return null;
    }

    private static DependencyFailure? FromPostgres(PostgresException pg) => pg.SqlState switch
    {
        PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure => new DependencyFailure(
            409, "concurrent_update", "PostgreSQL", pg.SqlState,
            "The change collided with a concurrent one and was not applied; retry it."),
        // admin_shutdown, crash_shutdown, cannot_connect_now (starting up or recovering), too_many_connections
        "57P01" or "57P02" or "57P03" or "53300" => Unavailable("database_unavailable", "PostgreSQL", pg),
        // connection exceptions
        _ when pg.SqlState.StartsWith("08", StringComparison.Ordinal) => Unavailable("database_unavailable", "PostgreSQL", pg),
        _ => null,
    };

    private static DependencyFailure Unavailable(string code, string dependency, Exception e) => new(
        503, code, dependency, e is PostgresException pg ? pg.SqlState : e.GetType().Name,
        $"{dependency} is unavailable for a moment; retry in {RetryAfterSeconds} s.");

    /// <summary>The problem a client sees (never the exception's own message); sets <c>Retry-After</c> on a 503.</summary>
    public static ProblemDetails ToProblem(this DependencyFailure failure, HttpContext context)
    {
        if (failure.Status == StatusCodes.Status503ServiceUnavailable)
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var problem = new ProblemDetails { Status = failure.Status, Title = Problems.TitleOf(failure.Status), Detail = failure.Detail };
        problem.Extensions["code"] = failure.Code;
        if (failure.Status == StatusCodes.Status503ServiceUnavailable)
            problem.Extensions["retry_after"] = RetryAfterSeconds;
        return problem;
    }

    /// <summary>One warning line per failure, without a stack trace: an outage must not flood the log.</summary>
    public static void Log(this DependencyFailure failure, ILogger logger, HttpContext context) =>
        logger.LogWarning("{Dependency} failed ({Reason}) for {Method} {Path}: answered {Status} {Code}",
            failure.Dependency, failure.Reason, context.Request.Method, context.Request.Path, failure.Status, failure.Code);
}

/// <param name="Reason">SQLSTATE or exception type: enough to tell outages apart in the log.</param>
public sealed record DependencyFailure(int Status, string Code, string Dependency, string Reason, string Detail);
