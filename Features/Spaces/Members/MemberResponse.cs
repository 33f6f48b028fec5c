using Atrium.Api.Infrastructure.Database;
using Dapper;
using Npgsql;
using Atrium.Api.Infrastructure.OpenApi;
using Atrium.Api.Infrastructure.Permissions;

namespace Atrium.Api.Features.Spaces.Members;

/// <summary>A member's account; <c>avatar_url</c> is the address of their profile picture, or null.</summary>
public sealed record MemberUser(long Id, string? Username, string? Name, string Email, string? AvatarUrl);

public sealed record MemberGroup(long Id, string Name, IReadOnlyList<string> Permissions);

/// <summary>A member with role, groups (each with its permissions), direct grants and effective permissions.</summary>
public sealed record MemberResponse(
    MemberUser User,
    [property: OneOf(typeof(Roles), nameof(Roles.All))] string Role,
    IReadOnlyList<MemberGroup> Groups,
    IReadOnlyList<string> DirectPermissions,
    IReadOnlyList<string> EffectivePermissions,
    DateTime JoinedAt)
{
    /// <summary>The JSON of one member: <c>f</c> is the membership (user_id, role, joined_at), <c>u</c> the user; needs <c>@spaceId</c>.</summary>
    public const string Json = """
        json_build_object(
            'user', json_build_object('id', u.id, 'username', u.username, 'name', u.name, 'email', u.email,
                                     'avatar_url', user_avatar_url(u.id)),
            'role', f.role,
            'groups', coalesce((
                select json_agg(json_build_object(
                           'id', g.id, 'name', g.name,
                           'permissions', coalesce((select json_agg(gp.code order by gp.code)
                                                    from group_permissions gp where gp.group_id = g.id), '[]'::json))
                       order by g.name)
                from member_groups mg
                join space_groups g on g.id = mg.group_id
                where mg.space_id = @spaceId and mg.user_id = f.user_id), '[]'::json),
            'direct_permissions', coalesce((
                select json_agg(mp.code order by mp.code)
                from member_permissions mp
                where mp.space_id = @spaceId and mp.user_id = f.user_id), '[]'::json),
            'effective_permissions', coalesce((
                select json_agg(distinct e.code order by e.code)
                from member_effective_permissions e
                where e.space_id = @spaceId and e.user_id = f.user_id), '[]'::json),
            'joined_at', utc_iso(f.joined_at))
        """;

    private const string One = $"""
        select {Json}
        from memberships f
        join users u on u.id = f.user_id
        where f.space_id = @spaceId and f.user_id = @userId
        """;

    public static Task<MemberResponse?> ReadAsync(NpgsqlConnection connection, long spaceId, long userId, CancellationToken ct,
        NpgsqlTransaction? transaction = null) =>
        connection.QueryJsonAsync<MemberResponse>(new CommandDefinition(One, new { spaceId, userId }, transaction, cancellationToken: ct));
}
