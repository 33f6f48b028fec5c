using Atrium.Api.Tests.Infrastructure;
using Dapper;
using Npgsql;

namespace Atrium.Api.Tests.Features.Spaces;

/// <summary>
/// memberships.access_tokens is a stored copy of effective permissions and groups for the members filter:
/// after every kind of change, in the same transaction, it must equal a fresh computation.
/// </summary>
public sealed class AccessTokensTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    private static async Task<long> NewUserAsync(NpgsqlConnection db) =>
        await db.QuerySingleAsync<long>("insert into users (email) values (@email) returning id", new { email = $"u.{Guid.NewGuid():N}@example.com" });

    private static Task<long> StaleAsync(NpgsqlConnection db, NpgsqlTransaction? tx = null) =>
        db.QuerySingleAsync<long>("select count(*) from memberships where access_tokens is distinct from member_access_tokens(space_id, user_id)",
            transaction: tx);

    private static Task<int[]> TokensAsync(NpgsqlConnection db, long space, long user) =>
        db.QuerySingleAsync<int[]>("select access_tokens from memberships where space_id = @space and user_id = @user", new { space, user });

    private static Task<int> TokenAsync(NpgsqlConnection db, string code) =>
        db.QuerySingleAsync<int>("select token from permissions where code = @code", new { code });

    [Fact]
    public async Task Tokens_stay_exact_through_every_kind_of_change_inside_the_same_transaction()
    {
        await using var db = await factory.OpenDatabaseAsync();
        var owner = await NewUserAsync(db);
        var user = await NewUserAsync(db);
        var project = await db.QuerySingleAsync<long>("select create_space('project', 'P', null, 'public', @owner)", new { owner });
        var lead = await db.QuerySingleAsync<long>("select id from space_groups where space_id = @project and name = 'lead'", new { project });
        var review = await TokenAsync(db, "tasks.review");
        var delete = await TokenAsync(db, "tasks.delete");

        await using var tx = await db.BeginTransactionAsync();
        async Task Step(string sql, object? args = null)
        {
            await db.ExecuteAsync(sql, args, tx);
            Assert.True(await StaleAsync(db, tx) == 0, "stale after: " + sql);
        }

        await Step("insert into memberships (space_id, user_id, role) values (@project, @user, 'member')", new { project, user });
        await Step("insert into member_groups (space_id, user_id, group_id) values (@project, @user, @lead)", new { project, user, lead });
        await Step("update memberships set role = 'manager' where space_id = @project and user_id = @user", new { project, user });
        await Step("insert into member_permissions (space_id, user_id, code) values (@project, @user, 'space.update')", new { project, user });
        await Step("delete from group_permissions where group_id = @lead and code = 'tasks.review'", new { lead });
        await Step("update memberships set role = 'member' where space_id = @project and user_id = @user", new { project, user });
        await Step("insert into group_permissions (space_id, group_id, code) values (@project, @lead, 'tasks.review')", new { project, lead });
        await Step("insert into space_permissions (space_id, code) values (@project, 'wiki.edit')", new { project });
        await Step("insert into group_permissions (space_id, group_id, code) values (@project, @lead, 'wiki.edit')", new { project, lead });
        await Step("delete from space_permissions where space_id = @project and code = 'wiki.edit'", new { project });
        await Step("insert into role_permissions (role, code) values ('member', 'tasks.delete')");
        Assert.Contains(delete, await db.QuerySingleAsync<int[]>("select access_tokens from memberships where space_id = @project and user_id = @user", new { project, user }, tx));
        await Step("delete from role_permissions where role = 'member' and code = 'tasks.delete'");
        await Step("delete from member_permissions where space_id = @project and user_id = @user", new { project, user });
        // two groups share tasks.review and tasks.comment: leaving one keeps them
        await Step("insert into member_groups (space_id, user_id, group_id) select @project, @user, id from space_groups where space_id = @project and name = 'tester'", new { project, user });
        await Step("delete from member_groups where space_id = @project and user_id = @user and group_id = @lead", new { project, user, lead });
        Assert.Contains(review, await db.QuerySingleAsync<int[]>("select access_tokens from memberships where space_id = @project and user_id = @user", new { project, user }, tx));
        await Step("insert into member_groups (space_id, user_id, group_id) values (@project, @user, @lead)", new { project, user, lead });
        await Step("update member_groups set group_id = (select id from space_groups where space_id = @project and name = 'developer') where group_id = @lead", new { project, lead });
        await Step("insert into member_groups (space_id, user_id, group_id) values (@project, @user, @lead)", new { project, user, lead });
        await Step("delete from space_groups where space_id = @project and name = 'tester'", new { project });
        await Step("delete from space_groups where space_id = @project and name = 'developer'", new { project });
        await Step("delete from space_groups where id = @lead", new { lead });
        await tx.CommitAsync();

        var tokens = await TokensAsync(db, project, user);
        Assert.DoesNotContain(review, tokens);
        Assert.DoesNotContain(-(int)lead, tokens);
        Assert.Empty(tokens);
        Assert.Equal(0, await StaleAsync(db));
    }

    [Fact]
    public async Task The_owner_holds_every_code_of_the_kind_and_each_custom_code_and_groups_are_negated_ids()
    {
        await using var db = await factory.OpenDatabaseAsync();
        var owner = await NewUserAsync(db);
        var dev = await NewUserAsync(db);
        var org = await db.QuerySingleAsync<long>("select create_space('organization', 'O', null, 'private', @owner)", new { owner });
        await db.ExecuteAsync("insert into space_permissions (space_id, code) values (@org, 'reports.export')", new { org });
        var kindCodes = await db.QuerySingleAsync<int[]>(
            "select array_agg(token) from permissions where applies_to in ('organization', 'any')");
        var custom = await db.QuerySingleAsync<int>("select token from space_permissions where space_id = @org", new { org });

        var ownerTokens = await TokensAsync(db, org, owner);
        Assert.Equal(kindCodes.Append(custom).Order(), ownerTokens.Order());
        Assert.DoesNotContain(await TokenAsync(db, "tasks.review"), ownerTokens);

        var group = await db.QuerySingleAsync<long>("insert into space_groups (space_id, name) values (@org, 'HR') returning id", new { org });
        await db.ExecuteAsync("insert into memberships (space_id, user_id, role) values (@org, @dev, 'member')", new { org, dev });
        await db.ExecuteAsync("insert into member_groups (space_id, user_id, group_id) values (@org, @dev, @group)", new { org, dev, group });
        Assert.Equal([-(int)group], await TokensAsync(db, org, dev));
        Assert.Equal(0, await StaleAsync(db));
    }

    [Fact]
    public async Task A_custom_code_may_not_shadow_a_system_code()
    {
        await using var db = await factory.OpenDatabaseAsync();
        var owner = await NewUserAsync(db);
        var org = await db.QuerySingleAsync<long>("select create_space('organization', 'O', null, 'private', @owner)", new { owner });
        var e = await Assert.ThrowsAsync<PostgresException>(() =>
            db.ExecuteAsync("insert into space_permissions (space_id, code) values (@org, 'space.update')", new { org }));
        Assert.Equal("space_permissions_not_system", e.ConstraintName);
    }
}
