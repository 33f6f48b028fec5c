using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Permissions;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Spaces.Permissions;

/// <summary>The permission catalog of a space: the system codes of its kind and its custom codes.</summary>
public static class Catalog
{
    /// <summary>The catalog as rows (code, description, is_custom) for <c>@kind</c> and <c>@spaceId</c>.</summary>
    public const string Rows = """
        select p.code, p.description, false as is_custom, null::timestamptz as created_at
        from permissions p
        where p.applies_to in (@kind, 'any')
        union all
        select sp.code, sp.description, true, sp.created_at
        from space_permissions sp
        where sp.space_id = @spaceId
        """;

    /// <summary>'system', 'custom' or null (not in the catalog of the space).</summary>
    private const string KindOf = """
        select case
            when exists (select 1 from permissions p where p.code = @code and p.applies_to in (@kind, 'any')) then 'system'
            when exists (select 1 from space_permissions sp where sp.space_id = @spaceId and sp.code = @code) then 'custom'
        end
        """;

    public static ProblemHttpResult NotFound() =>
        Problems.NotFound("permission_not_found", "No permission of this space has this code.");

    /// <summary>
    /// 404 when the code is not in the space's catalog; 403 naming it when the caller does not hold it
    /// (nobody hands out a system permission they do not hold, so admins cannot give themselves <c>admins.manage</c>).
    /// Custom codes are not checked by Atrium, so whoever may grant may hand them out.
    /// </summary>
    public static async Task<ProblemHttpResult?> CheckGrantableAsync(NpgsqlConnection connection, NpgsqlTransaction tx, SpaceMember caller,
        string code, CancellationToken ct)
    {
        var kind = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(KindOf,
            new { kind = caller.Kind.ToSql(), spaceId = caller.SpaceId, code }, tx, cancellationToken: ct));
        if (kind is null)
            return NotFound();
        return kind == "custom" || caller.Has(code) ? null : NotHeld(code);
    }

    public static ProblemHttpResult NotHeld(string code) =>
        Problems.Forbidden(code, $"You cannot hand out the system permission '{code}', which you do not hold.");
}
