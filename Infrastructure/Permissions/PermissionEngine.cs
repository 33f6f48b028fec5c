using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Errors;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Infrastructure.Permissions;

/// <summary>
/// The one permission check of Atrium. Not a member → 404 (the space's existence is not leaked);
/// a member lacking the permission → 403 naming it. Effective permissions come from the view
/// <c>member_effective_permissions</c>, the one SQL definition of them.
/// </summary>
public static class PermissionEngine
{
    private const string MemberSql = """
        select m.role,
               coalesce((select array_agg(distinct e.code)
                         from member_effective_permissions e
                         where e.space_id = m.space_id and e.user_id = m.user_id), '{}') as permissions
        from memberships m
        join spaces s on s.id = m.space_id
        where m.space_id = @spaceId and m.user_id = @userId and s.kind = @kind and s.deleted_at is null
        """;

    private sealed class Row
    {
        public string Role { get; init; } = "";
        public string[] Permissions { get; init; } = [];
    }

    /// <summary>The caller as a member of the space, or null when they are not one (or the space is of another kind).</summary>
    public static async Task<SpaceMember?> FindMemberAsync(NpgsqlConnection connection, SpaceKind kind, long spaceId, long userId,
        CancellationToken ct, NpgsqlTransaction? transaction = null)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(MemberSql,
            new { spaceId, userId, kind = kind.ToSql() }, transaction, cancellationToken: ct));
        return row is null ? null : new SpaceMember(spaceId, kind, userId, row.Role, row.Permissions.ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>
    /// The caller as a member of the space, found on a pooled connection of its own that is returned at once;
    /// a <see cref="ProblemException"/> with the 404 of <paramref name="kind"/> when they are not one. This is how the
    /// space binders (<see cref="OrganizationMember"/>, <see cref="ProjectMember"/>) resolve a request's space before
    /// its handler opens a connection.
    /// </summary>
    public static async Task<SpaceMember> EnterAsync(HttpContext http, SpaceKind kind, long spaceId)
    {
        var db = http.RequestServices.GetRequiredService<NpgsqlDataSource>();
        await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
        return await FindMemberAsync(connection, kind, spaceId, http.User.UserId(), http.RequestAborted)
            ?? throw new ProblemException(NotFound(kind));
    }

    private const string PublicSql = "select exists (select 1 from spaces where id = @spaceId and kind = @kind and visibility = 'public' and deleted_at is null)";

    /// <summary>
    /// Reading a space itself: its members, or — when the space is public — any signed-in user. For such a
    /// visitor the access is granted with <see cref="Access.Member"/> null; a private space is 404 to non-members.
    /// </summary>
    public static async Task<Access> ViewAsync(NpgsqlConnection connection, SpaceKind kind, long spaceId, long userId,
        CancellationToken ct, NpgsqlTransaction? transaction = null)
    {
        var member = await FindMemberAsync(connection, kind, spaceId, userId, ct, transaction);
        if (member is not null)
            return new Access(member, null);
        var isPublic = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(PublicSql,
            new { spaceId, kind = kind.ToSql() }, transaction, cancellationToken: ct));
        return new Access(null, isPublic ? null : NotFound(kind));
    }

    /// <summary>
    /// <see cref="ViewAsync(NpgsqlConnection, SpaceKind, long, long, CancellationToken, NpgsqlTransaction?)"/> on a pooled
    /// connection of its own: the member, null for a visitor of a public space, a <see cref="ProblemException"/> with the
    /// 404 of <paramref name="kind"/> otherwise.
    /// </summary>
    public static async Task<SpaceMember?> ViewAsync(HttpContext http, SpaceKind kind, long spaceId)
    {
        var db = http.RequestServices.GetRequiredService<NpgsqlDataSource>();
        await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
        var access = await ViewAsync(connection, kind, spaceId, http.User.UserId(), http.RequestAborted);
        return access.Denied ? throw new ProblemException(access.Problem!) : access.Member;
    }

    public static ProblemHttpResult NotFound(SpaceKind kind) => kind == SpaceKind.Organization
        ? Problems.NotFound("organization_not_found", "No organization with this id has you as a member.")
        : Problems.NotFound("project_not_found", "No project with this id is visible to you.");
}
