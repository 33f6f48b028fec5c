using Atrium.Api.Infrastructure.Permissions;
using Dapper;
using Npgsql;

namespace Atrium.Api.Tests.Infrastructure;

/// <summary>
/// The permission engine reads the stored <c>memberships.access_tokens</c>; the view <c>member_effective_permissions</c>
/// stays the definition. On a randomized dataset, and after random changes of every kind, the engine's answer for every
/// membership must equal the view's.
/// </summary>
public sealed class PermissionFastPathTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    private sealed record Membership(long SpaceId, string Kind, long UserId);

    private const string ViewCodes = """
        select coalesce(array_agg(distinct e.code order by e.code), '{}')
        from member_effective_permissions e
        where e.space_id = @SpaceId and e.user_id = @UserId
        """;

    private static async Task AssertEngineAgreesWithViewAsync(NpgsqlConnection db, string step)
    {
        var memberships = (await db.QueryAsync<Membership>("""
            select m.space_id, s.kind, m.user_id
            from memberships m join spaces s on s.id = m.space_id
            order by m.space_id, m.user_id
            """)).ToList();
        Assert.NotEmpty(memberships);
        foreach (var m in memberships)
        {
            var kind = m.Kind == "organization" ? SpaceKind.Organization : SpaceKind.Project;
            var member = await PermissionEngine.FindMemberAsync(db, kind, m.SpaceId, m.UserId, CancellationToken.None);
            Assert.NotNull(member);
            var expected = await db.QuerySingleAsync<string[]>(ViewCodes, m);
            var actual = member.Permissions.Order(StringComparer.Ordinal).ToArray();
            Assert.True(expected.Order(StringComparer.Ordinal).SequenceEqual(actual),
                $"after {step}: space {m.SpaceId} user {m.UserId}: view [{string.Join(',', expected)}] engine [{string.Join(',', actual)}]");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task The_engine_reads_what_the_view_defines_for_every_membership_of_a_randomized_dataset(int seed)
    {
        var random = new Random(seed);
        await using var db = await factory.OpenDatabaseAsync();
        T Pick<T>(IReadOnlyList<T> list) => list[random.Next(list.Count)];

        var users = new List<long>();
        for (var i = 0; i < 24; i++)
            users.Add(await db.QuerySingleAsync<long>("insert into users (email) values (@email) returning id",
                new { email = $"fast.{seed}.{i}.{Guid.NewGuid():N}@example.com" }));

        var spaces = new List<(long Id, string Kind)>();
        for (var i = 0; i < 4; i++)
        {
            var kind = i % 2 == 0 ? "organization" : "project";
            var id = await db.QuerySingleAsync<long>("select create_space(@kind, @name, null, 'private', @owner)",
                new { kind, name = $"S{i}", owner = users[i] });
            spaces.Add((id, kind));
        }

        string[] roles = ["admin", "manager", "member"];
        foreach (var (space, kind) in spaces)
        {
            var codes = (await db.QueryAsync<string>("select code from permissions where applies_to in (@kind, 'any')", new { kind })).ToList();
            for (var c = 0; c < 3; c++)
            {
                var custom = $"custom.c{c}";
                await db.ExecuteAsync("insert into space_permissions (space_id, code) values (@space, @custom)", new { space, custom });
                codes.Add(custom);
            }

            var groups = (await db.QueryAsync<long>("select id from space_groups where space_id = @space", new { space })).ToList();
            for (var g = 0; g < 3; g++)
                groups.Add(await db.QuerySingleAsync<long>("insert into space_groups (space_id, name) values (@space, @name) returning id",
                    new { space, name = $"g{g}" }));
            foreach (var group in groups)
                foreach (var code in codes.Where(_ => random.Next(4) == 0))
                    await db.ExecuteAsync("insert into group_permissions (space_id, group_id, code) values (@space, @group, @code) on conflict do nothing",
                        new { space, group, code });

            var members = users.Where(u => random.Next(3) > 0).ToList();
            foreach (var user in members)
            {
                var inserted = await db.ExecuteAsync("""
                    insert into memberships (space_id, user_id, role) values (@space, @user, @role) on conflict do nothing
                    """, new { space, user, role = Pick(roles) });
                if (inserted == 0)
                    continue;
                foreach (var group in groups.Where(_ => random.Next(3) == 0))
                    await db.ExecuteAsync("insert into member_groups (space_id, user_id, group_id) values (@space, @user, @group)",
                        new { space, user, group });
                foreach (var code in codes.Where(_ => random.Next(8) == 0))
                    await db.ExecuteAsync("insert into member_permissions (space_id, user_id, code) values (@space, @user, @code)",
                        new { space, user, code });
            }
        }
        await AssertEngineAgreesWithViewAsync(db, "the initial load");

        // Changes of every kind, in random order, each checked.
        var changes = new (string Name, string Sql)[]
        {
            ("a role change", "update memberships set role = (array['admin','manager','member'])[1 + floor(random() * 3)::int] where role <> 'owner' and random() < 0.3"),
            ("a role set change", "delete from role_permissions where (role, code) in (select role, code from role_permissions where role = 'member' order by code limit 1)"),
            ("a role set addition", "insert into role_permissions (role, code) select 'member', code from permissions where applies_to = 'any' order by code limit 2 on conflict do nothing"),
            ("a group permission removed", "delete from group_permissions where (group_id, code) in (select group_id, code from group_permissions order by group_id, code limit 5)"),
            ("a group left", "delete from member_groups where (space_id, user_id, group_id) in (select space_id, user_id, group_id from member_groups order by user_id desc limit 4)"),
            ("a group deleted", "delete from space_groups where name = 'g0'"),
            ("a direct grant revoked", "delete from member_permissions where (space_id, user_id, code) in (select space_id, user_id, code from member_permissions order by code limit 4)"),
            ("a custom code deleted", "delete from space_permissions where code = 'custom.c1'"),
            ("a custom code added", "insert into space_permissions (space_id, code) select id, 'custom.late' from spaces on conflict do nothing"),
            ("a member removed", "delete from memberships where role <> 'owner' and (space_id, user_id) in (select space_id, user_id from memberships where role <> 'owner' order by user_id limit 3)"),
        };
        foreach (var (name, sql) in changes.OrderBy(_ => random.Next()))
        {
            await db.ExecuteAsync(sql);
            await AssertEngineAgreesWithViewAsync(db, name);
        }
    }
}
