using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Permissions;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Crm;

/// <summary>Who may change and own CRM records: the caller's own records, anyone's with a manage-all permission; owners are members.</summary>
public static class CrmMembers
{
    /// <summary>
    /// Whether <paramref name="member"/> may change something owned by <paramref name="ownerId"/>:
    /// their own things always, anyone's with <paramref name="manageAllPermission"/>.
    /// </summary>
    public static bool MayChange(this SpaceMember member, long ownerId, string manageAllPermission) =>
        ownerId == member.UserId || member.Has(manageAllPermission);

    /// <summary>
    /// The owner filter of a list: a member may list their own records, anyone's only with <paramref name="manageAllPermission"/>
    /// (403 naming it). Null when the filter may be used.
    /// </summary>
    public static ProblemHttpResult? CheckOwnerFilter(this SpaceMember member, long? ownerId, string manageAllPermission, string records) =>
        ownerId is { } id && id != member.UserId && !member.Has(manageAllPermission)
            ? Problems.Forbidden(manageAllPermission, $"Filtering by another member's {records} needs '{manageAllPermission}'.")
            : null;

    private const string IsMemberSql = """
        select exists (select 1 from memberships where space_id = @organizationId and user_id = @userId)
        """;

    public static Task<bool> IsMemberAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long organizationId, long userId,
        CancellationToken ct) =>
        connection.QuerySingleAsync<bool>(new CommandDefinition(IsMemberSql, new { organizationId, userId }, transaction, cancellationToken: ct));

    /// <summary>
    /// Whether <paramref name="member"/> may give a record owned by <paramref name="currentOwnerId"/> to
    /// <paramref name="newOwnerId"/>: nothing to check when the owner stays; otherwise 403 naming
    /// <paramref name="manageAllPermission"/> (with <paramref name="deniedDetail"/>) when the caller lacks it, and
    /// 404 <c>owner_not_found</c> when the new owner is not a member of the organization. Null when the hand-over may go on.
    /// </summary>
    public static async Task<ProblemHttpResult?> CheckHandOverAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        SpaceMember member, long currentOwnerId, long newOwnerId, string manageAllPermission, string deniedDetail, CancellationToken ct)
    {
        if (newOwnerId == currentOwnerId)
            return null;
        if (!member.Has(manageAllPermission))
            return Problems.Forbidden(manageAllPermission, deniedDetail);
        if (!await IsMemberAsync(connection, transaction, member.SpaceId, newOwnerId, ct))
            return Problems.NotFound("owner_not_found", "owner_id is not a member of this organization.");
        return null;
    }
}
