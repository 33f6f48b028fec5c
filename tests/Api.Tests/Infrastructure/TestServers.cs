using Testcontainers.PostgreSql;
using Testcontainers.Redis;

namespace Atrium.Api.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL and Redis servers the tests use: the ones whose connection strings the test command
/// exported (<c>ConnectionStrings__PostgresAdmin</c> or else <c>ConnectionStrings__Postgres</c>, and
/// <c>ConnectionStrings__Redis</c>), otherwise containers
/// started once per test run when a Docker engine answers.
/// </summary>
public static class TestServers
{
    private static readonly Lazy<Task<(string Postgres, string Redis)>> Servers = new(StartAsync);

    public static Task<(string Postgres, string Redis)> GetAsync() => Servers.Value;

    private static async Task<(string, string)> StartAsync()
    {
        // The fixtures create and drop databases: they need the cluster's superuser, which the test command
        // exports beside the API's own (unprivileged) connection string.
        var postgres = Environment.GetEnvironmentVariable("ConnectionStrings__PostgresAdmin") is { Length: > 0 } admin
            ? admin
            : Environment.GetEnvironmentVariable("ConnectionStrings__Postgres");
        var redis = Environment.GetEnvironmentVariable("ConnectionStrings__Redis");
        if (!string.IsNullOrEmpty(postgres) && !string.IsNullOrEmpty(redis))
            return (postgres, redis);

        try
        {
            var pg = new PostgreSqlBuilder("postgres:15-alpine").Build();
            var rd = new RedisBuilder("redis:7-alpine").Build();
            await Task.WhenAll(pg.StartAsync(), rd.StartAsync());
            return (pg.GetConnectionString(), rd.GetConnectionString());
        }
        catch (Exception e)
        {
            throw new InvalidOperationException(
                "No test servers: run the tests with scripts/test.sh (it starts PostgreSQL and Redis and exports "
                + "ConnectionStrings__Postgres and ConnectionStrings__Redis), or have a Docker engine for Testcontainers.", e);
        }
    }
}
