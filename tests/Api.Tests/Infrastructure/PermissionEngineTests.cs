using System.Globalization;
using System.Security.Claims;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Permissions;
using Dapper;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Atrium.Api.Tests.Infrastructure;

/// <summary>The shared permission engine against the real schema: role ∪ groups ∪ direct grants, owner all.</summary>
public sealed class PermissionEngineTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    private static async Task<long> NewUserAsync(NpgsqlConnection db) =>
        await db.QuerySingleAsync<long>("insert into users (email) values (@email) returning id", new { email = $"u.{Guid.NewGuid():N}@example.com" });

    [Fact]
    public async Task Effective_permissions_are_the_union_of_role_groups_and_direct_grants()
    {
        await using var db = await factory.OpenDatabaseAsync();
        var owner = await NewUserAsync(db);
        var dev = await NewUserAsync(db);
        var project = await db.QuerySingleAsync<long>("select create_space('project', 'Board', null, 'private', @owner)", new { owner });
        await db.ExecuteAsync("insert into memberships (space_id, user_id, role) values (@project, @dev, 'member')", new { project, dev });
        await db.ExecuteAsync("""
            insert into member_groups (space_id, user_id, group_id)
            select @project, @dev, id from space_groups where space_id = @project and name = 'developer'
            """, new { project, dev });
        await db.ExecuteAsync("insert into member_permissions (space_id, user_id, code) values (@project, @dev, 'tasks.review')", new { project, dev });

        var member = await PermissionEngine.FindMemberAsync(db, SpaceKind.Project, project, dev, CancellationToken.None);

        Assert.NotNull(member);
        Assert.Equal(["tasks.comment", "tasks.create_subtask_own", "tasks.edit_own", "tasks.review"], member.Permissions.Order());
        Assert.False(member.Has("tasks.create_root"));
    }

    [Fact]
    public async Task The_owner_holds_every_code_of_the_kind_and_every_custom_code()
    {
        await using var db = await factory.OpenDatabaseAsync();
        var owner = await NewUserAsync(db);
        var org = await db.QuerySingleAsync<long>("select create_space('organization', 'Acme', null, 'private', @owner)", new { owner });
        await db.ExecuteAsync("insert into space_permissions (space_id, code) values (@org, 'reports.export')", new { org });

        var member = await PermissionEngine.FindMemberAsync(db, SpaceKind.Organization, org, owner, CancellationToken.None);

        Assert.NotNull(member);
        Assert.Contains("deals.stage_rollback", member.Permissions);
        Assert.Contains("reports.export", member.Permissions);
        Assert.DoesNotContain("tasks.create_root", member.Permissions);
    }

    [Fact]
    public async Task Not_a_member_or_another_kind_is_not_found()
    {
        await using var db = await factory.OpenDatabaseAsync();
        var owner = await NewUserAsync(db);
        var stranger = await NewUserAsync(db);
        var org = await db.QuerySingleAsync<long>("select create_space('organization', 'Acme', null, 'private', @owner)", new { owner });

        Assert.Null(await PermissionEngine.FindMemberAsync(db, SpaceKind.Organization, org, stranger, CancellationToken.None));
        Assert.Null(await PermissionEngine.FindMemberAsync(db, SpaceKind.Project, org, owner, CancellationToken.None));
        // the binders' path: a stranger is refused with the kind's 404 before any handler runs
        var http = new DefaultHttpContext
        {
            RequestServices = factory.Services,
            User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(AtriumClaims.Subject, stranger.ToString(CultureInfo.InvariantCulture))])),
        };
        var refused = await Assert.ThrowsAsync<ProblemException>(() => PermissionEngine.EnterAsync(http, SpaceKind.Organization, org));
        Assert.Equal(404, refused.Problem.StatusCode);
        Assert.Equal("organization_not_found", refused.Problem.ProblemDetails.Extensions["code"]);
    }

    [Fact]
    public async Task A_member_lacking_the_permission_is_403_naming_it()
    {
        await using var db = await factory.OpenDatabaseAsync();
        var owner = await NewUserAsync(db);
        var manager = await NewUserAsync(db);
        var org = await db.QuerySingleAsync<long>("select create_space('organization', 'Acme', null, 'private', @owner)", new { owner });
        await db.ExecuteAsync("insert into memberships (space_id, user_id, role) values (@org, @manager, 'manager')", new { org, manager });

        var member = (await PermissionEngine.FindMemberAsync(db, SpaceKind.Organization, org, manager, CancellationToken.None))!;
        Assert.Null(member.Require("deals.manage_all"));
        var denied = member.Require("members.manage");
        Assert.Equal(403, denied!.StatusCode);
        Assert.Equal("members.manage", denied.ProblemDetails.Extensions["permission"]);
    }

    [Fact]
    public async Task A_space_cannot_lose_its_owner()
    {
        await using var db = await factory.OpenDatabaseAsync();
        var owner = await NewUserAsync(db);
        var org = await db.QuerySingleAsync<long>("select create_space('organization', 'Acme', null, 'private', @owner)", new { owner });

        var e = await Assert.ThrowsAsync<PostgresException>(() =>
            db.ExecuteAsync("delete from memberships where space_id = @org and user_id = @owner", new { org, owner }));
        Assert.Equal("spaces_one_owner", e.ConstraintName);
    }

    [Fact]
    public async Task The_audit_log_refuses_updates_and_deletes()
    {
        await using var db = await factory.OpenDatabaseAsync();
        await db.ExecuteAsync("insert into audit_events (space_id, action, entity_type) values (1, 'space.created', 'space')");
        await Assert.ThrowsAsync<PostgresException>(() => db.ExecuteAsync("update audit_events set action = 'x.y'"));
        await Assert.ThrowsAsync<PostgresException>(() => db.ExecuteAsync("delete from audit_events"));
    }
}
