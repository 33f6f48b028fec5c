using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.Extensions.Options;

namespace Atrium.Api.Infrastructure.Configuration;

/// <summary>JSON Web Token settings (section <c>Jwt</c>).</summary>
public sealed class JwtOptions
{
    public const string Section = "Jwt";

    [Required] public string Issuer { get; set; } = "atrium";
    [Required] public string Audience { get; set; } = "atrium-api";

    /// <summary>HMAC-SHA256 key; at least 32 bytes of UTF-8. Production refuses to start without one.</summary>
    public string SigningKey { get; set; } = "";

    [Range(1, 1440)] public int AccessTokenMinutes { get; set; } = 15;
}

/// <summary>Login session settings (section <c>Sessions</c>).</summary>
public sealed class LoginSessionOptions
{
    public const string Section = "Sessions";

    /// <summary>A session dies this long after its last request.</summary>
    [Range(1, 60 * 24 * 30)] public int IdleMinutes { get; set; } = 120;

    /// <summary>No sliding renewal past this age.</summary>
    [Range(1, 365)] public int AbsoluteDays { get; set; } = 30;
}

/// <summary>Password hashing settings (section <c>Passwords</c>).</summary>
public sealed class PasswordOptions
{
    public const string Section = "Passwords";

    /// <summary>BCrypt work factor; hashes with a lower one are upgraded on the next login.</summary>
    [Range(4, 16)] public int BcryptCost { get; set; } = 12;

    [Range(8, 72)] public int MinLength { get; set; } = 8;

    /// <summary>How many hashes may run at once; 0 means one per processor.</summary>
    [Range(0, 256)] public int MaxConcurrentHashes { get; set; }
}

/// <summary>One fixed-window limit.</summary>
public sealed class RateLimitRule
{
    [Range(1, 1_000_000)] public int Limit { get; set; }
    [Range(1, 86_400)] public int WindowSeconds { get; set; }
}

/// <summary>Brute-force limits kept in Redis (section <c>RateLimits</c>).</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    public RateLimitRule LoginPerIp { get; set; } = new() { Limit = 30, WindowSeconds = 60 };
    public RateLimitRule LoginPerAccount { get; set; } = new() { Limit = 10, WindowSeconds = 900 };
    public RateLimitRule RefreshPerIp { get; set; } = new() { Limit = 120, WindowSeconds = 60 };
    public RateLimitRule RegisterPerIp { get; set; } = new() { Limit = 20, WindowSeconds = 3600 };
    public RateLimitRule PasswordChangePerAccount { get; set; } = new() { Limit = 10, WindowSeconds = 900 };
    /// <summary>Codes entered (address codes, two-step login codes), per IP and per account.</summary>
    public RateLimitRule CodePerIp { get; set; } = new() { Limit = 30, WindowSeconds = 600 };
    public RateLimitRule CodePerAccount { get; set; } = new() { Limit = 10, WindowSeconds = 900 };
    /// <summary>Requests that mail someone (resend, forgotten password), per IP.</summary>
    public RateLimitRule MailPerIp { get; set; } = new() { Limit = 20, WindowSeconds = 3600 };
}

/// <summary>Redis settings (section <c>Redis</c>); the connection string is <c>ConnectionStrings:Redis</c>.</summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>Every key the service writes starts with this, so several deployments can share one Redis.</summary>
    [Required] public string KeyPrefix { get; set; } = "atrium:";

    /// <summary>
    /// Connect and command timeout. Short on purpose: a Redis that is down or frozen must turn into a fast
    /// 503, not a request that hangs; commands are never queued while disconnected.
    /// </summary>
    [Range(100, 30_000)] public int TimeoutMilliseconds { get; set; } = 1000;
}

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

/// <summary>Checks that cannot be written as attributes, such as the signing key in Production.</summary>
public sealed class JwtOptionsValidator(IHostEnvironment environment) : IValidateOptions<JwtOptions>
{
    public const int MinimumKeyBytes = 32;

    public ValidateOptionsResult Validate(string? name, JwtOptions options)
    {
        var bytes = Encoding.UTF8.GetByteCount(options.SigningKey ?? "");
        if (bytes >= MinimumKeyBytes)
            return ValidateOptionsResult.Success;
        return environment.IsProduction() || bytes > 0
            ? ValidateOptionsResult.Fail($"Jwt:SigningKey must be at least {MinimumKeyBytes} bytes of UTF-8 (set Jwt__SigningKey).")
            : ValidateOptionsResult.Fail("Jwt:SigningKey is missing (set Jwt__SigningKey; Development has one in appsettings.Development.json).");
    }
}

public static class OptionsSetup
{
    public static IServiceCollection AddAtriumOptions(this IServiceCollection services)
    {
        services.AddOptions<JwtOptions>().BindConfiguration(JwtOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<JwtOptions>, JwtOptionsValidator>();
        services.AddOptions<LoginSessionOptions>().BindConfiguration(LoginSessionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PasswordOptions>().BindConfiguration(PasswordOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        AreaOptions.AddAll(services);
        return services;
    }
}
