using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Errors;
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

    /// <summary>The group if it belongs to the space; a group of another space is null (answered 404).</summary>
    public static Task<GroupResponse?> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, long spaceId, long groupId, CancellationToken ct) =>
        connection.QueryJsonAsync<GroupResponse>(new CommandDefinition(One, new { spaceId, groupId }, tx, cancellationToken: ct));

    public static ProblemHttpResult NameTaken() => Problems.Conflict("group_name_taken", "The space already has a group of this name.");
}
