using System.Text.Json;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Http;
using Dapper;
using Npgsql;
using Atrium.Api.Infrastructure.OpenApi;
using Atrium.Api.Infrastructure.Permissions;

namespace Atrium.Api.Features.Spaces;

/// <summary>An organization or a project as the caller sees it; <c>role</c> (the caller's) is null for a visitor of a public space.</summary>
public sealed record SpaceResponse(
    long Id,
    [property: OneOf(typeof(SpaceKinds), nameof(SpaceKinds.Names))] string Kind,
    string Name,
    string? Description,
    [property: OneOf(typeof(SpaceFields), nameof(SpaceFields.Visibilities))] string Visibility,
    JsonElement Settings,
    long OwnerId,
    long MemberCount,
    [property: OneOf(typeof(Roles), nameof(Roles.All))] string? Role,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    /// <summary>The JSON of the space aliased <c>s</c>, seen by <c>@userId</c>.</summary>
    public const string Json = """
        json_build_object(
            'id', s.id, 'kind', s.kind, 'name', s.name, 'description', s.description, 'visibility', s.visibility,
            'settings', s.settings, 'owner_id', s.owner_id,
            'member_count', (select count(*) from memberships c where c.space_id = s.id),
            'role', (select m.role from memberships m where m.space_id = s.id and m.user_id = @userId),
            'created_at', utc_iso(s.created_at), 'updated_at', utc_iso(s.updated_at))
        """;

    private const string ById = $"select {Json} from spaces s where s.id = @spaceId";

    private const string VersionedById = $"select json_build_object('value', {Json}, 'version', s.version) from spaces s where s.id = @spaceId";

    public static Task<SpaceResponse?> ReadAsync(NpgsqlConnection connection, long spaceId, long userId, CancellationToken ct,
        NpgsqlTransaction? transaction = null) =>
        connection.QueryJsonAsync<SpaceResponse>(new CommandDefinition(ById, new { spaceId, userId }, transaction, cancellationToken: ct));

    /// <summary>The space with its version, locked for the transaction when <paramref name="forUpdate"/>.</summary>
    public static Task<Versioned<SpaceResponse>?> ReadVersionedAsync(NpgsqlConnection connection, long spaceId, long userId, CancellationToken ct,
        NpgsqlTransaction? transaction = null, bool forUpdate = false) =>
        connection.QueryJsonAsync<Versioned<SpaceResponse>>(new CommandDefinition(forUpdate ? VersionedById + " for update of s" : VersionedById,
            new { spaceId, userId }, transaction, cancellationToken: ct));
}

/// <summary>
/// The entity tag of a space as the caller reads it: its version, then what the representation derives from other rows
/// (the member count and the caller's role), so that a 304 never hides a change of them.
/// </summary>
public static class SpaceTags
{
    public static string ETag(this Versioned<SpaceResponse> space) =>
        EntityTags.Strong(space.Value.Id, space.Version, space.Value.MemberCount, space.Value.Role);
}

/// <summary>Checks shared by the create and update slices.</summary>
public static class SpaceFields
{
    public static readonly IReadOnlyList<string> Visibilities = ["public", "private"];

    public static bool IsVisibility(string? value) => value is "public" or "private";

    public const int MaxSettingsBytes = 64 * 1024;

}
