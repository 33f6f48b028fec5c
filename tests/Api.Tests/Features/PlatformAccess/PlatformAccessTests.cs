using System.Net;
using Atrium.Api.Tests.Features.Shop;
using Atrium.Api.Tests.Infrastructure;
using Dapper;
using Npgsql;

namespace Atrium.Api.Tests.Features.PlatformAccess;

public sealed class PlatformAccessTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    private static readonly string[] Every =
        ["categories.manage", "donations.delete", "donations.view_all", "orders.delete", "orders.view_all", "users.manage"];

    [Fact]
    public async Task Staff_hold_every_platform_permission_and_me_lists_them()
    {
        var staff = await factory.StaffAsync();
        Assert.Equal(Every, await staff.PlatformPermissionsAsync());

        var plain = await factory.RegisterAndLoginAsync("Plain");
        Assert.Empty(await plain.PlatformPermissionsAsync());
    }

    [Fact]
    public async Task Without_users_manage_nobody_reads_grants_or_revokes()
    {
        var plain = await factory.RegisterAndLoginAsync("Plain");
        var other = await factory.RegisterAndLoginAsync("Other");

        await (await plain.Client.GetAsync($"/api/v1/users/{other.Id}/platform-permissions"))
            .ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
        await (await plain.Client.PutAsync($"/api/v1/users/{plain.Id}/platform-permissions/users.manage", null))
            .ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
        await (await plain.Client.DeleteAsync($"/api/v1/users/{other.Id}/platform-permissions/orders.view_all"))
            .ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
        await (await factory.Anonymous().GetAsync($"/api/v1/users/{other.Id}/platform-permissions"))
            .ExpectProblem(HttpStatusCode.Unauthorized);
        Assert.Empty(await plain.PlatformPermissionsAsync());
    }

    [Fact]
    public async Task Each_permission_is_granted_and_revoked_with_an_audit_event_in_the_same_transaction()
    {
        var staff = await factory.StaffAsync();
        var user = await factory.RegisterAndLoginAsync("Grantee");

        foreach (var code in Every)
        {
            await staff.GrantAsync(user, code);
            Assert.Contains(code, await user.PlatformPermissionsAsync());
        }
        await staff.GrantAsync(user, "orders.delete"); // again: nothing changes, no second event
        var state = await (await staff.Client.GetAsync($"/api/v1/users/{user.Id}/platform-permissions")).Expect(HttpStatusCode.OK);
        Assert.False((bool)state["is_staff"]!);
        Assert.All(state["permissions"]!.AsArray(), p =>
        {
            Assert.True((bool)p!["granted"]!);
            Assert.True((bool)p["by_grant"]!);
            Assert.Equal(staff.Id, (long)p["granted_by"]!);
        });

        foreach (var code in Every)
        {
            await staff.RevokeAsync(user, code);
            Assert.DoesNotContain(code, await user.PlatformPermissionsAsync());
        }

        await using var db = await factory.OpenDatabaseAsync();
        var events = (await db.QueryAsync<(string Action, long? ActorId)>(
            "select action, actor_id from platform_audit_events where entity_type = 'user' and entity_id = @id order by id",
            new { id = user.Id.ToString() })).ToList();
        Assert.Equal(Every.Length * 2, events.Count);
        Assert.Equal(Every.Length, events.Count(e => e.Action == "platform_permission.granted"));
        Assert.Equal(Every.Length, events.Count(e => e.Action == "platform_permission.revoked"));
        Assert.All(events, e => Assert.Equal(staff.Id, e.ActorId));
    }

    [Fact]
    public async Task A_granted_users_manage_lets_a_non_staff_user_grant_others_until_it_is_revoked()
    {
        var staff = await factory.StaffAsync();
        var manager = await factory.RegisterAndLoginAsync("Manager");
        var user = await factory.RegisterAndLoginAsync("User");

        await staff.GrantAsync(manager, "users.manage");
        await manager.GrantAsync(user, "categories.manage");
        Assert.Equal(["categories.manage"], await user.PlatformPermissionsAsync());

        await staff.RevokeAsync(manager, "users.manage");
        await (await manager.Client.DeleteAsync($"/api/v1/users/{user.Id}/platform-permissions/categories.manage"))
            .ExpectProblem(HttpStatusCode.Forbidden, "permission_denied");
    }

    [Fact]
    public async Task Unknown_codes_and_users_are_not_found_and_staff_keep_everything_without_grants()
    {
        var staff = await factory.StaffAsync();
        await (await staff.Client.PutAsync($"/api/v1/users/{staff.Id}/platform-permissions/orders.fly", null))
            .ExpectProblem(HttpStatusCode.NotFound, "platform_permission_not_found");
        await (await staff.Client.PutAsync("/api/v1/users/999999999/platform-permissions/orders.view_all", null))
            .ExpectProblem(HttpStatusCode.NotFound, "user_not_found");
        await (await staff.Client.GetAsync("/api/v1/users/999999999/platform-permissions"))
            .ExpectProblem(HttpStatusCode.NotFound, "user_not_found");

        var other = await factory.StaffAsync("Other Staff");
        await staff.RevokeAsync(other, "orders.delete");
        Assert.Contains("orders.delete", await other.PlatformPermissionsAsync());
    }

    [Fact]
    public async Task The_platform_codes_of_the_code_are_the_seeded_platform_catalog()
    {
        await using var db = await factory.OpenDatabaseAsync();
        var catalog = await db.QueryAsync<string>("select code from platform_permissions order by code");
        Assert.Equal(Atrium.Api.Infrastructure.Permissions.PlatformPermissions.All.Order(StringComparer.Ordinal), catalog);
    }

    [Fact]
    public async Task The_platform_audit_log_refuses_changes()
    {
        var staff = await factory.StaffAsync();
        var user = await factory.RegisterAndLoginAsync("Grantee");
        await staff.GrantAsync(user, "orders.view_all");

        await using var db = await factory.OpenDatabaseAsync();
        var update = await Assert.ThrowsAsync<PostgresException>(() => db.ExecuteAsync("update platform_audit_events set action = 'x.y'"));
        Assert.Equal("42501", update.SqlState);
        var delete = await Assert.ThrowsAsync<PostgresException>(() => db.ExecuteAsync("delete from platform_audit_events"));
        Assert.Equal("42501", delete.SqlState);
    }
}
