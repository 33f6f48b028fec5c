using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Configuration;
using Atrium.Api.Infrastructure.Redis;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Atrium.Bench;

/// <summary>
/// What every authenticated request pays in Redis: the service's touch (a script that checks the session's
/// owner and sets the TTL from the session's own absolute end; last-seen is derived from the TTL) against a
/// bare EXPIRE (no owner check), writing last-seen too (EXPIRE + ZADD, one round trip),
/// a GETEX of a JSON string, and the naive read-then-write of a JSON string (two round trips).
/// </summary>
public static class SessionTouchBench
{
    public static async Task RunAsync(string connectionString, TimeSpan duration)
    {
        await using var mux = await ConnectionMultiplexer.ConnectAsync(connectionString);
        var db = mux.GetDatabase();
        const int sessions = 1000;
        var prefix = "bench:" + Guid.NewGuid().ToString("N")[..8] + ":";
        var json = """{"uid":42,"created":1790000000000,"abs":1800000000000,"ip":"127.0.0.1","ua":"bench","rt":"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}""";
        for (var i = 0; i < sessions; i++)
        {
            await db.HashSetAsync(prefix + "session:" + i, [new("uid", 42), new("created", 1790000000000), new("abs", 4_000_000_000_000)]);
            await db.HashSetAsync(prefix + "h:" + i, [new("uid", 42), new("created", 1790000000000), new("abs", 1800000000000), new("ip", "127.0.0.1"), new("ua", "bench"), new("rt", new string('a', 64))]);
            await db.StringSetAsync(prefix + "s:" + i, json);
            await db.SortedSetAddAsync(prefix + "z", "s" + i, 0);
        }

        var ttl = TimeSpan.FromHours(2);
        var store = new SessionStore(
            new RedisStore(mux, Options.Create(new RedisOptions { KeyPrefix = prefix }), NullLogger<RedisStore>.Instance),
            Options.Create(new LoginSessionOptions()), TimeProvider.System);
        await Measure.CompareAsync("Session touch per authenticated request (Redis)", duration, 16,
            ("atrium: touch script (owner check, TTL from the session's end)", async i =>
            {
                if (!await store.TouchAsync((i % sessions).ToString(System.Globalization.CultureInfo.InvariantCulture), 42))
                    throw new InvalidOperationException("touch refused a live session");
            }),
            ("EXPIRE hash alone (no owner check)", async i =>
                await db.KeyExpireAsync(prefix + "h:" + (i % sessions), ttl)),
            ("EXPIRE hash + ZADD XX last seen, one batch", async i =>
            {
                var batch = db.CreateBatch();
                var expire = batch.KeyExpireAsync(prefix + "h:" + (i % sessions), ttl);
                var seen = batch.SortedSetAddAsync(prefix + "z", "s" + (i % sessions), i, SortedSetWhen.Exists);
                batch.Execute();
                await Task.WhenAll(expire, seen);
            }),
            ("GETEX json string (no last seen)", async i =>
                await db.StringGetSetExpiryAsync(prefix + "s:" + (i % sessions), ttl)),
            ("GET json + SET json with EX (two round trips)", async i =>
            {
                var value = await db.StringGetAsync(prefix + "s:" + (i % sessions));
                await db.StringSetAsync(prefix + "s:" + (i % sessions), value, ttl);
            }));

        var keys = Enumerable.Range(0, sessions).SelectMany(i => new RedisKey[] { prefix + "h:" + i, prefix + "s:" + i, prefix + "session:" + i })
            .Append(prefix + "z").ToArray();
        await db.KeyDeleteAsync(keys);
    }
}
