using System.Net;
using System.Text.Json.Nodes;
using Atrium.Api.Tests.Infrastructure;
using Dapper;

namespace Atrium.Api.Tests.Features.Spaces;

/// <summary>Arranging spaces through the API.</summary>
public static class SpaceKit
{
    public static async Task<long> CreateProjectAsync(this TestUser owner, string name = "Board", string visibility = "public") =>
        (long)(await (await owner.Client.PostJson("/api/v1/projects", new { name, visibility })).Expect(HttpStatusCode.Created))["id"]!;

    public static async Task<long> CreateOrganizationAsync(this TestUser owner, string name = "Acme") =>
        (long)(await (await owner.Client.PostJson("/api/v1/organizations", new { name })).Expect(HttpStatusCode.Created))["id"]!;

    public static async Task AddMemberAsync(this TestUser owner, string space, TestUser user, string role = "member", long[]? groupIds = null) =>
        await (await owner.Client.PostJson($"{space}/members", new { user_id = user.Id, role, group_ids = groupIds ?? [] }))
            .Expect(HttpStatusCode.Created);

    public static async Task<long> CreateGroupAsync(this TestUser admin, string space, string name, params string[] permissions) =>
        (long)(await (await admin.Client.PostJson($"{space}/groups", new { name, permissions })).Expect(HttpStatusCode.Created))["id"]!;

    public static async Task<long> GroupIdAsync(this AtriumFactory factory, long spaceId, string name)
    {
        await using var db = await factory.OpenDatabaseAsync();
        return await db.QuerySingleAsync<long>("select id from space_groups where space_id = @spaceId and name = @name", new { spaceId, name });
    }

    public static async Task<JsonNode> GetAsync(this TestUser user, string url) =>
        await (await user.Client.GetAsync(url)).Expect(HttpStatusCode.OK);

    public static string[] Strings(this JsonNode? array) => array!.AsArray().Select(n => (string)n!).ToArray();

    /// <summary>Stored access_tokens that differ from a fresh computation (must always be 0).</summary>
    public static async Task<long> StaleAccessRowsAsync(this AtriumFactory factory)
    {
        await using var db = await factory.OpenDatabaseAsync();
        return await db.QuerySingleAsync<long>(
            "select count(*) from memberships where access_tokens is distinct from member_access_tokens(space_id, user_id)");
    }
}
