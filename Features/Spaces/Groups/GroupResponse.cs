using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Spaces.Groups;

public sealed record GroupResponse(long Id, string Name, string? Description, IReadOnlyList<string> Permissions, long MemberCount,
    DateTime CreatedAt, DateTime UpdatedAt)
{
    /// <summary>The JSON of the group aliased <c>g</c>.</summary>
    public const string Json = """
        json_build_object(
            'id', g.id, 'name', g.name, 'description', g.description,
            'permissions', coalesce((select json_agg(gp.code order by gp.code) from group_permissions gp where gp.group_id = g.id), '[]'::json),
            'member_count', (select count(*) from member_groups mg where mg.space_id = g.space_id and mg.group_id = g.id),
            'created_at', utc_iso(g.created_at), 'updated_at', utc_iso(g.updated_at))
        """;

    private const string One = $"select {Json} from space_groups g where g.space_id = @spaceId and g.id = @groupId";

    private const string VersionedOne =
        $"select json_build_object('value', {Json}, 'version', g.version) from space_groups g where g.space_id = @spaceId and g.id = @groupId";

    /// <summary>The group if it belongs to the space; a group of another space is null (answered 404).</summary>
    public static Task<GroupResponse?> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, long spaceId, long groupId, CancellationToken ct) =>
        connection.QueryJsonAsync<GroupResponse>(new CommandDefinition(One, new { spaceId, groupId }, tx, cancellationToken: ct));

    /// <summary>The group with its version, locked for the transaction when <paramref name="forUpdate"/>; null when not of the space.</summary>
    public static Task<Versioned<GroupResponse>?> ReadVersionedAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, long spaceId, long groupId,
        CancellationToken ct, bool forUpdate = false) =>
        connection.QueryJsonAsync<Versioned<GroupResponse>>(new CommandDefinition(forUpdate ? VersionedOne + " for update of g" : VersionedOne,
            new { spaceId, groupId }, tx, cancellationToken: ct));

    public static ProblemHttpResult NameTaken() => Problems.Conflict("group_name_taken", "The space already has a group of this name.");
}

/// <summary>
/// The entity tag of a group: its version (which its permissions move too, by trigger), then its member count, which the
/// representation derives from the memberships, so that a 304 never hides a change of it.
/// </summary>
public static class GroupTags
{
    public static string ETag(this Versioned<GroupResponse> group) => EntityTags.Strong(group.Value.Id, group.Version, group.Value.MemberCount);

    /// <summary>What the writes of one group say about entity tags.</summary>
    public const string IfMatch = "`If-Match` is optional; when sent it must match the group's `ETag` (412 `etag_mismatch`, nothing written).";
}
