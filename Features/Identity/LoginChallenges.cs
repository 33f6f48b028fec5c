using System.Globalization;
using System.Security.Cryptography;
using Atrium.Api.Infrastructure.Configuration;
using Atrium.Api.Infrastructure.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Atrium.Api.Features.Identity;

/// <summary>What a challenge is for: finishing a login, or turning two-step login off.</summary>
public enum ChallengePurpose { Login, TwoStepOff }

/// <summary>The answer to a code: the user when it was right, else why not.</summary>
public enum ChallengeOutcome { NotFound, Wrong, Expired, Used, Burned, Passed }

/// <summary>
/// Mailed 6-digit codes kept in Redis: a hash <c>otp:{challenge id}</c> with the user, the purpose, the SHA-256 of
/// the code (salted with the challenge id), wrong tries, its end, whether it was used and when a code was last sent.
/// The key outlives the challenge by an hour so a late answer is told "expired", not "unknown". A check is one Lua
/// script: right code → used at once (single use); the <see cref="AuthOptions.CodeMaxAttempts"/>-th wrong code burns it.
/// </summary>
public sealed class LoginChallenges(RedisStore redis, IOptions<AuthOptions> options, TimeProvider clock)
{
    private static readonly TimeSpan Afterlife = TimeSpan.FromHours(1);

    // Returns {outcome, uid}: 0 unknown, 1 wrong, 2 expired, 3 used, 4 burned, 5 passed.
    private const string CheckScript = """
        local h = redis.call('HMGET', KEYS[1], 'code', 'tries', 'exp', 'used', 'uid', 'purpose')
        if not h[1] or h[6] ~= ARGV[4] then return {0, 0} end
        if h[4] == '1' then return {3, 0} end
        if tonumber(h[2]) >= tonumber(ARGV[3]) then return {4, 0} end
        if tonumber(h[3]) <= tonumber(ARGV[2]) then return {2, 0} end
        if h[1] ~= ARGV[1] then
          local tries = redis.call('HINCRBY', KEYS[1], 'tries', 1)
          if tries >= tonumber(ARGV[3]) then return {4, 0} end
          return {1, 0}
        end
        redis.call('HSET', KEYS[1], 'used', '1')
        return {5, tonumber(h[5])}
        """;

    // A new code for a live challenge, at most once per cooldown. Returns {status, wait ms}: 0 unknown, 2 expired,
    // 3 used, 4 burned, 6 too soon (wait), 7 replaced.
    private const string ResendScript = """
        local h = redis.call('HMGET', KEYS[1], 'code', 'tries', 'exp', 'used', 'sent', 'purpose')
        if not h[1] or h[6] ~= ARGV[6] then return {0, 0} end
        if h[4] == '1' then return {3, 0} end
        if tonumber(h[2]) >= tonumber(ARGV[5]) then return {4, 0} end
        if tonumber(h[3]) <= tonumber(ARGV[2]) then return {2, 0} end
        local wait = tonumber(h[5]) + tonumber(ARGV[3]) - tonumber(ARGV[2])
        if wait > 0 then return {6, wait} end
        redis.call('HSET', KEYS[1], 'code', ARGV[1], 'sent', ARGV[2], 'exp', ARGV[4])
        redis.call('PEXPIREAT', KEYS[1], tonumber(ARGV[4]) + tonumber(ARGV[7]))
        return {7, 0}
        """;

    /// <summary>SQL over <c>users u</c>: the account has two-step login on, or belongs to an organization that requires it.</summary>
    public const string NeedsCodeOfU = """
        (u.two_step_login or exists (
            select 1 from memberships m join spaces s on s.id = m.space_id
            where m.user_id = u.id and s.kind = 'organization' and s.settings @> '{"require_two_step_login": true}'
        ))
        """;

    public TimeSpan Life => TimeSpan.FromMinutes(options.Value.LoginCodeMinutes);

    private static RedisKey Key(string id) => "otp:" + id;

    private static string HashOf(string id, string code) => AccountTokens.Hash(id + ":" + code);

    public static bool IsWellFormed(string? id) => id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower);

    /// <summary>Opens a challenge for <paramref name="userId"/>; returns its id and the code to mail.</summary>
    public async Task<(string Id, string Code)> OpenAsync(long userId, ChallengePurpose purpose)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var code = AccountTokens.NewCode();
        var now = clock.GetUtcNow();
        var batch = redis.Db.CreateBatch();
        var write = batch.HashSetAsync(Key(id),
        [
            new("uid", userId),
            new("purpose", purpose.ToString()),
            new("code", HashOf(id, code)),
            new("tries", 0),
            new("exp", now.Add(Life).ToUnixTimeMilliseconds()),
            new("used", "0"),
            new("sent", now.ToUnixTimeMilliseconds()),
        ]);
        var expire = batch.KeyExpireAsync(Key(id), Life + Afterlife);
        batch.Execute();
        await Task.WhenAll(write, expire);
        return (id, code);
    }

    /// <summary>The user a live-or-dead challenge names (for per-account limits), or null when unknown.</summary>
    public async Task<long?> UserOfAsync(string id)
    {
        var uid = await redis.Db.HashGetAsync(Key(id), "uid");
        return uid.IsNull ? null : (long)uid;
    }

    public async Task<(ChallengeOutcome Outcome, long UserId)> CheckAsync(string id, string code, ChallengePurpose purpose)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var result = (RedisResult[])(await redis.Db.ScriptEvaluateAsync(CheckScript, [Key(id)],
            [HashOf(id, code), now, options.Value.CodeMaxAttempts, purpose.ToString()]))!;
        var outcome = (int)result[0] switch
        {
            1 => ChallengeOutcome.Wrong,
            2 => ChallengeOutcome.Expired,
            3 => ChallengeOutcome.Used,
            4 => ChallengeOutcome.Burned,
            5 => ChallengeOutcome.Passed,
            _ => ChallengeOutcome.NotFound,
        };
        return (outcome, (long)result[1]);
    }

    /// <summary>Replaces the code of a live challenge (and restarts its life) unless one was sent less than a cooldown ago.</summary>
    public async Task<(ChallengeOutcome? Refusal, TimeSpan Wait, string? Code)> ResendAsync(string id, ChallengePurpose purpose)
    {
        var now = clock.GetUtcNow();
        var code = AccountTokens.NewCode();
        var result = (RedisResult[])(await redis.Db.ScriptEvaluateAsync(ResendScript, [Key(id)],
        [
            HashOf(id, code), now.ToUnixTimeMilliseconds(), options.Value.ResendCooldownSeconds * 1000L,
            now.Add(Life).ToUnixTimeMilliseconds(), options.Value.CodeMaxAttempts, purpose.ToString(), (long)Afterlife.TotalMilliseconds,
        ]))!;
        return (int)result[0] switch
        {
            7 => (null, TimeSpan.Zero, code),
            6 => (null, TimeSpan.FromMilliseconds((long)result[1]), null),
            2 => (ChallengeOutcome.Expired, TimeSpan.Zero, null),
            3 => (ChallengeOutcome.Used, TimeSpan.Zero, null),
            4 => (ChallengeOutcome.Burned, TimeSpan.Zero, null),
            _ => (ChallengeOutcome.NotFound, TimeSpan.Zero, null),
        };
    }

    /// <summary>The problem for a refused code, one stable code per reason.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Refused(ChallengeOutcome outcome) => outcome switch
    {
        ChallengeOutcome.Wrong => Infrastructure.Errors.Problems.BadRequest("invalid_code", "The code is wrong."),
        ChallengeOutcome.Expired => Infrastructure.Errors.Problems.BadRequest("challenge_expired", "This code has expired; log in again."),
        ChallengeOutcome.Used => Infrastructure.Errors.Problems.BadRequest("challenge_used", "This code was used already."),
        ChallengeOutcome.Burned => Infrastructure.Errors.Problems.BadRequest("challenge_burned", "Too many wrong codes; log in again."),
        _ => Infrastructure.Errors.Problems.BadRequest("challenge_not_found", "No such challenge."),
    };

    public static string Seconds(TimeSpan span) => ((int)span.TotalSeconds).ToString(CultureInfo.InvariantCulture);
}
