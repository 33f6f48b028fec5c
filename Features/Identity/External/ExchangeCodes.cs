using System.Globalization;
using System.Security.Cryptography;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Atrium.Api.Features.Identity.External;

/// <summary>
/// Single-use, short-lived codes in Redis that stand for a user id: the exchange code the callback hands the
/// client (posted to <c>/auth/external/exchange</c> for tokens) and the link ticket that carries a signed-in
/// user into the browser's redirect dance. Only the SHA-256 of a code is stored; taking it deletes it.
/// </summary>
public sealed class ExchangeCodes(RedisStore redis, IOptions<ExternalAuthOptions> options)
{
    public const string Exchange = "exchange";
    public const string Link = "link";

    public int LifetimeSeconds => options.Value.ExchangeCodeSeconds;

    private static RedisKey KeyOf(string kind, string code) => $"external:{kind}:{RefreshTokens.HashOf(code)}";

    public async Task<string> CreateAsync(string kind, long userId)
    {
        var code = RefreshTokens.Base64Url(RandomNumberGenerator.GetBytes(32));
        await redis.Db.StringSetAsync(KeyOf(kind, code), userId.ToString(CultureInfo.InvariantCulture), TimeSpan.FromSeconds(LifetimeSeconds));
        return code;
    }

    /// <summary>The user the code stands for, once; null when unknown, expired or already used.</summary>
    public async Task<long?> TakeAsync(string kind, string? code)
    {
        if (string.IsNullOrEmpty(code) || code.Length > 100)
            return null;
        var value = await redis.Db.StringGetDeleteAsync(KeyOf(kind, code));
        return value.HasValue && long.TryParse(value.ToString(), CultureInfo.InvariantCulture, out var id) ? id : null;
    }

    /// <summary>Marks a started sign-in as completed; false when it was used already (a replayed callback).</summary>
    public Task<bool> BurnCallbackAsync(string attemptId, TimeSpan lifetime) =>
        redis.Db.StringSetAsync($"external:callback:{RefreshTokens.HashOf(attemptId)}", "1", lifetime, When.NotExists);
}
