using System.Globalization;
using Atrium.Api.Infrastructure.Configuration;
using Atrium.Api.Infrastructure.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Atrium.Api.Infrastructure.Auth;

/// <summary>
/// Login sessions in Redis. A session is a hash <c>session:{sid}</c> (user, created, absolute expiry, IP,
/// user agent, hash of the current refresh token and of the rotated ones) whose TTL is the idle timeout;
/// every authenticated request pushes the TTL back. <c>user-sessions:{uid}</c> is a sorted set of the
/// user's session ids (scored by their last-seen time where the TTL cannot tell it), for listing and
/// revoking them.
/// </summary>
public sealed class SessionStore(RedisStore redis, IOptions<LoginSessionOptions> options, TimeProvider clock)
{
    private const int RotatedHashesKept = 16;

    // Rotation in one atomic step. Returns {1, uid, abs} on success, {-1} when a rotated token is
    // presented again (the session is destroyed), {0} when the session or the token is unknown.
    private const string RotateScript = """
        local s = redis.call('HMGET', KEYS[1], 'rt', 'rtp', 'uid', 'abs')
        if not s[1] then return {0} end
        if s[1] == ARGV[1] then
          local ttl = math.min(tonumber(ARGV[3]), tonumber(s[4]) - tonumber(ARGV[4]))
          if ttl <= 0 then redis.call('DEL', KEYS[1]); return {0} end
          local prev = ARGV[1]
          if s[2] and s[2] ~= '' then prev = prev .. ' ' .. s[2] end
          prev = string.sub(prev, 1, 65 * tonumber(ARGV[5]) - 1)
          redis.call('HSET', KEYS[1], 'rt', ARGV[2], 'rtp', prev)
          redis.call('PEXPIRE', KEYS[1], ttl)
          return {1, s[3], s[4]}
        end
        if s[2] and string.find(s[2], ARGV[1], 1, true) then
          redis.call('DEL', KEYS[1])
          return {-1, s[3]}
        end
        return {0}
        """;

    // Returns 1 when the session lives and belongs to ARGV[1], else 0. The TTL is the idle timeout or what
    // is left before the session's own absolute end, whichever is shorter.
    private const string TouchScript = """
        local s = redis.call('HMGET', KEYS[1], 'uid', 'abs')
        if s[1] ~= ARGV[1] then return 0 end
        local idle = tonumber(ARGV[2])
        local ttl = math.min(idle, tonumber(s[2]) - tonumber(ARGV[3]))
        if ttl <= 0 then redis.call('DEL', KEYS[1]); return 0 end
        redis.call('PEXPIRE', KEYS[1], ttl)
        if ttl < idle then redis.call('ZADD', KEYS[2], 'XX', ARGV[3], ARGV[4]) end
        return 1
        """;

    private TimeSpan Idle => TimeSpan.FromMinutes(options.Value.IdleMinutes);

    private static RedisKey SessionKey(string sid) => "session:" + sid;
    private static RedisKey UserKey(long userId) => "user-sessions:" + userId.ToString(CultureInfo.InvariantCulture);

    public async Task<NewSession> CreateAsync(long userId, string? ip, string? userAgent)
    {
        var now = clock.GetUtcNow();
        var absolute = now.AddDays(options.Value.AbsoluteDays);
        var sid = SessionIds.New();
        var (refreshToken, refreshHash) = RefreshTokens.New(sid);

        var batch = redis.Db.CreateBatch();
        var write = batch.HashSetAsync(SessionKey(sid),
        [
            new("uid", userId),
            new("created", now.ToUnixTimeMilliseconds()),
            new("abs", absolute.ToUnixTimeMilliseconds()),
            new("ip", Truncate(ip, 64)),
            new("ua", Truncate(userAgent, 512)),
            new("rt", refreshHash),
            new("rtp", ""),
        ]);
        var expire = batch.KeyExpireAsync(SessionKey(sid), Idle);
        var index = batch.SortedSetAddAsync(UserKey(userId), sid, now.ToUnixTimeMilliseconds());
        var indexTtl = batch.KeyExpireAsync(UserKey(userId), TimeSpan.FromDays(options.Value.AbsoluteDays + 1));
        batch.Execute();
        await Task.WhenAll(write, expire, index, indexTtl);
        return new NewSession(sid, refreshToken, absolute);
    }

    /// <summary>
    /// Marks the session as used now by extending its life to the idle timeout, capped by the absolute end
    /// stored in the session (never one a token claims). False when the session no longer exists or
    /// belongs to another user than <paramref name="userId"/>. One round trip: a script checks the owner,
    /// sets the TTL and, only in the last stretch before the absolute end (where the capped TTL says
    /// nothing about the last request), writes the last-seen time to the user's index.
    /// </summary>
    public async Task<bool> TouchAsync(string sid, long userId)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var touched = await redis.Db.ScriptEvaluateAsync(TouchScript, [SessionKey(sid), UserKey(userId)],
            [userId, (long)Idle.TotalMilliseconds, now, sid]);
        return (long)touched! == 1;
    }

    public async Task<RotationResult> RotateAsync(string sid, string presentedHash)
    {
        var (newToken, newHash) = RefreshTokens.New(sid);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var result = (RedisResult[])(await redis.Db.ScriptEvaluateAsync(RotateScript, [SessionKey(sid)],
            [presentedHash, newHash, (long)Idle.TotalMilliseconds, now, RotatedHashesKept]))!;
        var outcome = (int)result[0];
        if (outcome == -1)
        {
            await redis.Db.SortedSetRemoveAsync(UserKey((long)result[1]), sid);
            return new RotationResult(RotationOutcome.ReuseDetected, 0, default, null);
        }
        if (outcome == 0)
            return new RotationResult(RotationOutcome.Unknown, 0, default, null);

        var userId = (long)result[1];
        var absolute = DateTimeOffset.FromUnixTimeMilliseconds((long)result[2]);
        await redis.Db.SortedSetAddAsync(UserKey(userId), sid, now);
        return new RotationResult(RotationOutcome.Rotated, userId, absolute, newToken);
    }

    public async Task<IReadOnlyList<SessionInfo>> ListAsync(long userId)
    {
        var now = clock.GetUtcNow();
        var entries = await redis.Db.SortedSetRangeByRankWithScoresAsync(UserKey(userId));
        var batch = redis.Db.CreateBatch();
        var reads = entries.Select(e => batch.HashGetAllAsync(SessionKey(e.Element.ToString()))).ToArray();
        var ttls = entries.Select(e => batch.KeyTimeToLiveAsync(SessionKey(e.Element.ToString()))).ToArray();
        batch.Execute();
        await Task.WhenAll(reads.Concat<Task>(ttls));

        var live = new List<SessionInfo>();
        var dead = new List<RedisValue>();
        for (var i = 0; i < entries.Length; i++)
        {
            var fields = reads[i].Result.ToDictionary(f => f.Name.ToString(), f => f.Value);
            if (fields.Count == 0 || fields["uid"] != userId || ttls[i].Result is not { } left)
            {
                dead.Add(entries[i].Element);
                continue;
            }
            var created = DateTimeOffset.FromUnixTimeMilliseconds((long)fields["created"]);
            var absolute = DateTimeOffset.FromUnixTimeMilliseconds((long)fields["abs"]);
            live.Add(new SessionInfo(
                entries[i].Element.ToString(),
                created,
                LastSeen(now + left, absolute, created, DateTimeOffset.FromUnixTimeMilliseconds((long)entries[i].Score)),
                absolute,
                NullIfEmpty(fields.GetValueOrDefault("ip")),
                NullIfEmpty(fields.GetValueOrDefault("ua"))));
        }
        if (dead.Count > 0)
            await redis.Db.SortedSetRemoveAsync(UserKey(userId), dead.ToArray());
        return live.OrderByDescending(s => s.LastSeenAt).ToList();
    }

    /// <summary>
    /// When the session was last used: its idle expiry minus the idle timeout, unless the expiry was
    /// capped by the absolute end, in which case the index's score (written by capped touches) tells.
    /// </summary>
    public DateTimeOffset LastSeen(DateTimeOffset expiresAt, DateTimeOffset absoluteExpiry, DateTimeOffset created, DateTimeOffset indexed)
    {
        var capped = expiresAt >= absoluteExpiry - TimeSpan.FromSeconds(1);
        var seen = capped ? indexed : expiresAt - Idle;
        return seen < created ? created : seen;
    }

    /// <summary>Destroys one session of <paramref name="userId"/>; false when it is not theirs or not alive.</summary>
    public async Task<bool> RevokeAsync(long userId, string sid)
    {
        var owner = await redis.Db.HashGetAsync(SessionKey(sid), "uid");
        if (owner.IsNull || owner != userId)
            return false;
        await Task.WhenAll(redis.Db.KeyDeleteAsync(SessionKey(sid)), redis.Db.SortedSetRemoveAsync(UserKey(userId), sid));
        return true;
    }

    /// <summary>Destroys every session of the user but <paramref name="keepSid"/> (all of them when null).</summary>
    public async Task<int> RevokeAllAsync(long userId, string? keepSid)
    {
        var sids = await redis.Db.SortedSetRangeByRankAsync(UserKey(userId));
        var doomed = sids.Where(s => s != keepSid).ToArray();
        if (doomed.Length == 0)
            return 0;
        await Task.WhenAll(
            redis.Db.KeyDeleteAsync(doomed.Select(s => SessionKey(s.ToString())).ToArray()),
            redis.Db.SortedSetRemoveAsync(UserKey(userId), doomed));
        return doomed.Length;
    }

    private static string Truncate(string? value, int max) =>
        string.IsNullOrEmpty(value) ? "" : value.Length <= max ? value : value[..max];

    private static string? NullIfEmpty(RedisValue value) => value.IsNullOrEmpty ? null : value.ToString();
}

public sealed record NewSession(string Id, string RefreshToken, DateTimeOffset AbsoluteExpiry);

public enum RotationOutcome { Rotated, Unknown, ReuseDetected }

public sealed record RotationResult(RotationOutcome Outcome, long UserId, DateTimeOffset AbsoluteExpiry, string? RefreshToken);

public sealed record SessionInfo(string Id, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, DateTimeOffset ExpiresAt, string? Ip, string? UserAgent);
