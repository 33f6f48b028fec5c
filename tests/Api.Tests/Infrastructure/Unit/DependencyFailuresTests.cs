using System.Net.Sockets;
using Atrium.Api.Infrastructure.Errors;
using Npgsql;
using StackExchange.Redis;

namespace Atrium.Api.Tests.Infrastructure.Unit;

public sealed class DependencyFailuresTests
{
    [Theory]
    [InlineData("57P01")] // admin_shutdown
    [InlineData("57P02")] // crash_shutdown
    [InlineData("57P03")] // cannot_connect_now: starting up or recovering
    [InlineData("53300")] // too_many_connections
    [InlineData("08006")] // connection_failure
    public void A_postgresql_that_is_stopping_starting_or_full_is_503(string sqlState)
    {
        var failure = DependencyFailures.Classify(new PostgresException("down", "FATAL", "FATAL", sqlState));
        Assert.Equal((503, "database_unavailable"), (failure?.Status, failure?.Code));
    }

    [Fact]
    public void A_refused_connection_and_an_exhausted_pool_are_503()
    {
        var refused = new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused));
        var pool = new NpgsqlException("The connection pool has been exhausted", new TimeoutException());
        Assert.Equal("database_unavailable", DependencyFailures.Classify(refused)?.Code);
        Assert.Equal("database_unavailable", DependencyFailures.Classify(pool)?.Code);
    }

    [Theory]
    [InlineData("40P01")] // deadlock_detected
    [InlineData("40001")] // serialization_failure
    public void A_lost_deadlock_or_serialization_check_is_409(string sqlState)
    {
        var failure = DependencyFailures.Classify(new PostgresException("lost", "ERROR", "ERROR", sqlState));
        Assert.Equal((409, "concurrent_update"), (failure?.Status, failure?.Code));
    }

    [Fact]
    public void Redis_down_frozen_or_loading_is_503()
    {
        Assert.Equal("redis_unavailable", DependencyFailures.Classify(new RedisConnectionException(ConnectionFailureType.SocketFailure, "down"))?.Code);
        Assert.Equal("redis_unavailable", DependencyFailures.Classify(new RedisTimeoutException("frozen", CommandStatus.Sent))?.Code);
        Assert.Equal("redis_unavailable", DependencyFailures.Classify(new RedisServerException("LOADING Redis is loading the dataset in memory"))?.Code);
    }

    [Fact]
    public void Bugs_and_refused_values_are_not_outages()
    {
        Assert.Null(DependencyFailures.Classify(new PostgresException("dup", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation)));
        Assert.Null(DependencyFailures.Classify(new PostgresException("syntax", "ERROR", "ERROR", PostgresErrorCodes.SyntaxError)));
        Assert.Null(DependencyFailures.Classify(new InvalidOperationException("bug")));
        Assert.Null(DependencyFailures.Classify(new RedisServerException("ERR wrong number of arguments")));
    }
}
