using System.Data.Common;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Errors;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Infrastructure.Permissions;

/// <summary>
/// The one permission check of Atrium. Not a member → 404 (the space's existence is not leaked);
/// a member lacking the permission → 403 naming it. The view <c>member_effective_permissions</c> is the one SQL
/// definition of effective permissions; a check reads its stored form, <c>memberships.access_tokens</c>, which
/// triggers keep equal to the view in the same transaction as any change (decision 35): one index lookup of the
/// membership and the codes of its tokens, instead of aggregating the view per request.
/// </summary>
public static class PermissionEngine
{
    // The caller's membership of a live space of the kind; its parameters are named for the caller, so a read batched
    // after it (ReadAsMemberAsync) cannot meet them.
    private const string OfCaller = """
        from memberships m
        join spaces s on s.id = m.space_id
        where m.space_id = @callerSpaceId and m.user_id = @callerUserId and s.kind = @callerSpaceKind and s.deleted_at is null
        """;

    private const string MemberSql = """
        select m.role,
               array(select p.code from permissions p where p.token = any (m.access_tokens)
                     union all
                     select sp.code from space_permissions sp
                     where sp.space_id = m.space_id and sp.token = any (m.access_tokens)) as permissions

        """ + OfCaller;

    /// <summary>Only whether the membership exists: what a read that every member may make needs to know.</summary>
    private const string IsMemberSql = "select true\n" + OfCaller;

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
            new { callerSpaceId = spaceId, callerUserId = userId, callerSpaceKind = kind.ToSql() }, transaction, cancellationToken: ct));
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

    /// <summary>
    /// The membership check and a read-only <paramref name="sql"/> that every member may make, in one round trip (one batch
    /// of statements): the read's results, or — when the caller is not a member — the 404 of the organization, the read's
    /// rows unread. Only for reads: the statements of <paramref name="sql"/> run before the check is known. A read that
    /// depends on the caller's permissions takes <see cref="OrganizationMember"/> instead.
    /// </summary>
    public static async Task<MemberReads> ReadAsMemberAsync(NpgsqlConnection connection, OrganizationCaller caller, string sql,
        object parameters, CancellationToken ct)
    {
        var all = new DynamicParameters(parameters);
        all.Add("callerSpaceId", caller.SpaceId);
        all.Add("callerUserId", caller.UserId);
        all.Add("callerSpaceKind", SpaceKind.Organization.ToSql());
        return await MemberFirstAsync(await connection.ExecuteReaderAsync(new CommandDefinition(IsMemberSql + ";\n" + sql, all, cancellationToken: ct)));
    }

    /// <summary>
    /// <see cref="ReadAsMemberAsync"/> without Dapper, for the benchmark's raw twins (<c>Benchmarks:RawTwins</c>): the same
    /// batch text and parameter names on an <see cref="NpgsqlCommand"/>.
    /// </summary>
    public static async Task<MemberReads> ReadAsMemberRawAsync(NpgsqlConnection connection, OrganizationCaller caller, string sql,
        IReadOnlyDictionary<string, object> parameters, CancellationToken ct)
    {
        var command = RawRows.Command(connection, IsMemberSql + ";\n" + sql, parameters);
        command.Parameters.AddWithValue("callerSpaceId", caller.SpaceId);
        command.Parameters.AddWithValue("callerUserId", caller.UserId);
        command.Parameters.AddWithValue("callerSpaceKind", SpaceKind.Organization.ToSql());
        return await MemberFirstAsync(await command.ExecuteReaderAsync(ct));
    }

    /// <summary>The 404 when the batch's first statement found no membership; the reader stays open for the read.</summary>
    private static async Task<MemberReads> MemberFirstAsync(DbDataReader reader)
    {
        try
        {
            return new MemberReads(await reader.ReadAsync() ? null : NotFound(SpaceKind.Organization), reader);
        }
        catch
        {
            await reader.DisposeAsync();
            throw;
        }
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
