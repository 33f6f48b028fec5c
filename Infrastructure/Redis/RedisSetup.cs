using Atrium.Api.Infrastructure.Configuration;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using StackExchange.Redis.KeyspaceIsolation;

namespace Atrium.Api.Infrastructure.Redis;

/// <summary>The Redis database of this deployment: every key is prefixed with <c>Redis:KeyPrefix</c>.</summary>
public sealed class RedisStore(IConnectionMultiplexer multiplexer, IOptions<RedisOptions> options, ILogger<RedisStore> logger)
{
    public IDatabase Db { get; } = multiplexer.GetDatabase().WithKeyPrefix(options.Value.KeyPrefix);

    /// <summary>
    /// For work where Redis is an optimisation (caches, their version keys): a Redis failure is logged and
    /// answered with <paramref name="fallback"/> instead of failing a request whose real work is done.
    /// </summary>
    public async Task<T> BestEffortAsync<T>(Func<IDatabase, Task<T>> work, T fallback, string what)
    {
        try
        {
            return await work(Db);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // One line, no stack trace: during an outage this runs on every request.
            logger.LogWarning("Redis failed during {What} ({Reason}); carrying on without it.", what, e.GetType().Name);
            return fallback;
        }
    }
}

public static class RedisSetup
{
    public static IServiceCollection AddRedis(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            var connectionString = configuration.GetConnectionString("Redis")
                ?? throw new InvalidOperationException("ConnectionStrings:Redis is not set.");
            var timeout = sp.GetRequiredService<IOptions<RedisOptions>>().Value.TimeoutMilliseconds;
            return ConnectionMultiplexer.Connect(OptionsFor(connectionString, timeout));
        });
        services.AddSingleton<RedisStore>();
        services.AddSingleton<RateLimiter>();
        return services;
    }

    /// <summary>How the service talks to Redis, from its connection string and <c>Redis:TimeoutMilliseconds</c>.</summary>
    public static ConfigurationOptions OptionsFor(string connectionString, int timeoutMilliseconds)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.ClientName ??= "atrium";
        // Fail fast: while disconnected a command fails at once (503) instead of waiting in a backlog that
        // would replay it, seconds later, into a restarted Redis; a frozen Redis times out in about a second.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ConnectTimeout = timeoutMilliseconds;
        options.SyncTimeout = timeoutMilliseconds;
        options.AsyncTimeout = timeoutMilliseconds;
        // Replies are read on the .NET thread pool, where their continuations run anyway, instead of on the client's
        // own scheduler threads: one thread hand-off less per command, which on a few cores is most of its cost (decision 43).
        options.SocketManager = SocketManager.ThreadPool;
        return options;
    }
}
