using Atrium.Api.Infrastructure.Configuration;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using StackExchange.Redis.KeyspaceIsolation;

namespace Atrium.Api.Infrastructure.Redis;

/// <summary>The Redis database of this deployment: every key is prefixed with <c>Redis:KeyPrefix</c>.</summary>
public sealed class RedisStore(IConnectionMultiplexer multiplexer, IOptions<RedisOptions> options)
{
    public IDatabase Db { get; } = multiplexer.GetDatabase().WithKeyPrefix(options.Value.KeyPrefix);
}

public static class RedisSetup
{
    public static IServiceCollection AddRedis(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IConnectionMultiplexer>(_ =>
        {
            var connectionString = configuration.GetConnectionString("Redis")
                ?? throw new InvalidOperationException("ConnectionStrings:Redis is not set.");
            var options = ConfigurationOptions.Parse(connectionString);
            options.AbortOnConnectFail = false;
            options.ClientName ??= "atrium";
            return ConnectionMultiplexer.Connect(options);
        });
        services.AddSingleton<RedisStore>();
        services.AddSingleton<RateLimiter>();
        return services;
    }
}
