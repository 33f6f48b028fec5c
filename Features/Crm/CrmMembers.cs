using Dapper;
using Npgsql;

namespace Atrium.Api.Features.Crm;

/// <summary>Who may own CRM records: members of the organization.</summary>
public static class CrmMembers
{
    private const string IsMemberSql = """
        select exists (select 1 from memberships where space_id = @organizationId and user_id = @userId)
        """;

    public static Task<bool> IsMemberAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long organizationId, long userId,
        CancellationToken ct) =>
        connection.QuerySingleAsync<bool>(new CommandDefinition(IsMemberSql, new { organizationId, userId }, transaction, cancellationToken: ct));
}
