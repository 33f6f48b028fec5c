using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Permissions;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Atrium.Bench;

/// <summary>
/// The check every space-scoped request makes: "who is this member and what may they do". The engine's
/// one query over the view <c>member_effective_permissions</c> against the same answer assembled from
/// three queries (role set, groups, direct grants), on an organization of 100 000 members in a scratch
/// database that is created, migrated and dropped by this run.
/// </summary>
public static class PermissionCheckBench
{
    private const int Members = 100_000;

    public static async Task RunAsync(string connectionString, TimeSpan duration)
    {
        var name = "atrium_bench_" + Guid.NewGuid().ToString("N")[..8];
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        await using (var c = new NpgsqlConnection(admin))
        {
            await c.OpenAsync();
            await c.ExecuteAsync($"create database {name}");
        }

        try
        {
            var scratch = new NpgsqlConnectionStringBuilder(connectionString) { Database = name, MaxAutoPrepare = 32, MaxPoolSize = 16, CommandTimeout = 900 }.ConnectionString;
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = scratch }).Build();
            await using var dataSource = NpgsqlDataSource.Create(scratch);
            var migrated = await new Migrator(configuration, NullLogger<Migrator>.Instance).MigrateAsync();
            if (!migrated.Successful)
                throw new InvalidOperationException(migrated.Error);

            long org;
            await using (var c = await dataSource.OpenConnectionAsync())
                org = await GenerateAsync(c);

            await Measure.CompareAsync($"Permission check of one member among {Members:N0} (PostgreSQL)", duration, 8,
                ("engine: one query over the view", async i =>
                {
                    await using var c = await dataSource.OpenConnectionAsync();
                    await PermissionEngine.FindMemberAsync(c, SpaceKind.Organization, org, UserOf(i), CancellationToken.None);
                }),
                ("three queries: role, groups, direct grants", async i =>
                {
                    await using var c = await dataSource.OpenConnectionAsync();
                    var user = UserOf(i);
                    var role = await c.QuerySingleOrDefaultAsync<string>("select role from memberships where space_id = @org and user_id = @user", new { org, user });
                    var fromRole = await c.QueryAsync<string>("select code from role_permissions where role = @role", new { role });
                    var fromGroups = await c.QueryAsync<string>("""
                        select gp.code from member_groups mg join group_permissions gp on gp.group_id = mg.group_id
                        where mg.space_id = @org and mg.user_id = @user
                        """, new { org, user });
                    var direct = await c.QueryAsync<string>("select code from member_permissions where space_id = @org and user_id = @user", new { org, user });
                    _ = fromRole.Concat(fromGroups).Concat(direct).ToHashSet();
                }));

            await MembersFilterAsync(dataSource, org, duration);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var c = new NpgsqlConnection(admin);
            await c.OpenAsync();
            await c.ExecuteAsync($"drop database if exists {name} with (force)");
        }
    }

    /// <summary>
    /// "Members holding ALL of three permissions and in a group", counted and paged (20 ids): the endpoint's
    /// filter on the token array (GIN) against relational division over the effective-permission view.
    /// </summary>
    private static async Task MembersFilterAsync(NpgsqlDataSource dataSource, long org, TimeSpan duration)
    {
        long group;
        string[] permissions;
        await using (var c = await dataSource.OpenConnectionAsync())
        {
            group = await c.QuerySingleAsync<long>("select min(id) from space_groups where space_id = @org", new { org });
            var groupCodes = (await c.QueryAsync<string>("select code from group_permissions where group_id = @group order by code limit 2", new { group })).ToList();
            permissions = [.. groupCodes, "documents.sign"];
        }

        const string tokens = """
            with wanted as (
                select array_agg(p.token)::integer[] as tokens from permissions p where p.code = any(@permissions)
            ), found as (
                select m.user_id, m.joined_at from memberships m
                where m.space_id = @org and m.access_tokens @> (select tokens from wanted) and m.access_tokens && @groupTokens
            )
            select (select count(*) from found) as total,
                   (select array_agg(user_id) from (select user_id from found order by joined_at, user_id limit 20) p) as ids
            """;
        const string division = """
            with found as (
                select m.user_id, m.joined_at from memberships m
                where m.space_id = @org
                  and m.user_id in (select e.user_id from member_effective_permissions e
                                    where e.space_id = @org and e.code = any(@permissions)
                                    group by e.user_id having count(distinct e.code) = cardinality(@permissions))
                  and exists (select 1 from member_groups mg where mg.space_id = @org and mg.user_id = m.user_id and mg.group_id = @group)
            )
            select (select count(*) from found) as total,
                   (select array_agg(user_id) from (select user_id from found order by joined_at, user_id limit 20) p) as ids
            """;
        var parameters = new { org, permissions, group, groupTokens = new[] { -(int)group } };
        await using (var c = await dataSource.OpenConnectionAsync())
        {
            var a = await c.QuerySingleAsync<long>(tokens.Replace("as ids", "as ids_unused"), parameters);
            var b = await c.QuerySingleAsync<long>(division.Replace("as ids", "as ids_unused"), parameters);
            if (a != b)
                throw new InvalidOperationException($"The two filters disagree: {a} vs {b} members.");
            Console.WriteLine($"\nMembers filter: {string.Join(", ", permissions)} + group {group}: {a} of {Members:N0} members match.");
        }

        await Measure.CompareAsync($"Members holding ALL of 3 permissions and in a group, total + page of 20 (PostgreSQL)", duration, 2,
            ("atrium: token array @> / && on one GIN index", async _ =>
            {
                await using var c = await dataSource.OpenConnectionAsync();
                await c.QuerySingleAsync(tokens, parameters);
            }),
            ("relational division over member_effective_permissions", async _ =>
            {
                await using var c = await dataSource.OpenConnectionAsync();
                await c.QuerySingleAsync(division, parameters);
            }));
    }

    private static long UserOf(int i) => 2 + (long)((uint)(i * 2654435761u) % Members);

    private static async Task<long> GenerateAsync(NpgsqlConnection c)
    {
        await c.ExecuteAsync($"insert into users (email) select 'u' || g || '@example.com' from generate_series(1, {Members + 1}) g");
        var org = await c.QuerySingleAsync<long>("select create_space('organization', 'Bench', null, 'private', 1)");
        await c.ExecuteAsync($"""
            insert into memberships (space_id, user_id, role)
            select @org, u, (array['admin', 'manager', 'member', 'member', 'member'])[1 + u % 5]
            from generate_series(2, {Members + 1}) u;

            insert into space_groups (space_id, name) select @org, 'group ' || g from generate_series(1, 200) g;

            insert into group_permissions (space_id, group_id, code)
            select @org, g.id, p.code
            from space_groups g
            join lateral (select code from permissions where applies_to in ('organization', 'any') order by md5(g.id::text || code) limit 4) p on true
            where g.space_id = @org;

            insert into member_groups (space_id, user_id, group_id)
            select @org, u, (select min(id) from space_groups where space_id = @org) + (u * 7 + k) % 200
            from generate_series(2, {Members + 1}) u, generate_series(0, 1) k;

            insert into member_permissions (space_id, user_id, code)
            select @org, u, 'documents.sign' from generate_series(2, {Members + 1}, 3) u;

            analyze;
            """, new { org });
        return org;
    }
}
