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

    /// <summary>A new owner with a fresh project of their own, and the project's URL.</summary>
    public static async Task<(TestUser Owner, long Id, string Url)> OwnedProjectAsync(this AtriumFactory factory)
    {
        var owner = await factory.RegisterAndLoginAsync("Owner");
        var id = await owner.CreateProjectAsync();
        return (owner, id, $"/api/v1/projects/{id}");
    }

    public static async Task<long> CreateOrganizationAsync(this TestUser owner, string name = "Acme") =>
        (long)(await (await owner.Client.PostJson("/api/v1/organizations", new { name })).Expect(HttpStatusCode.Created))["id"]!;

    /// <summary>
    /// Adds <paramref name="user"/> through the API as <paramref name="owner"/>. An id resolves only to someone the adder already
    /// shares a space with, so the two are first put together in a private organization of their own (in SQL).
    /// </summary>
    public static async Task AddMemberAsync(this AtriumFactory factory, TestUser owner, string space, TestUser user, string role = "member",
        long[]? groupIds = null)
    {
        await factory.AcquaintAsync(owner, user);
        await (await owner.Client.PostJson($"{space}/members", new { user_id = user.Id, role, group_ids = groupIds ?? [] }))
            .Expect(HttpStatusCode.Created);
    }

    /// <summary>Makes the people share a space (a private organization owned by the first, the others members), as colleagues do.</summary>
    public static async Task AcquaintAsync(this AtriumFactory factory, TestUser first, params TestUser[] others)
    {
        await using var db = await factory.OpenDatabaseAsync();
        var lobby = await db.QuerySingleAsync<long>("select create_space('organization', 'Lobby', null, 'private', @owner)", new { owner = first.Id });
        await db.ExecuteAsync("insert into memberships (space_id, user_id, role) select @lobby, unnest(@users), 'member'",
            new { lobby, users = others.Select(o => o.Id).ToArray() });
    }

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
