using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Atrium.Api.Features.Spaces.Rules;
using Carter;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Atrium.Api.Infrastructure.OpenApi;

namespace Atrium.Api.Features.Spaces.Members.FilterByPermissions;

/// <summary>The filters of the members list; blank codes are dropped, codes trimmed, repeats counted once.</summary>
public sealed record MembersFilterQuery(
    [FromQuery(Name = "permission")] string[]? Permission,
    [FromQuery(Name = "group")] long[]? Group,
    [FromQuery(Name = "role")] [property: OneOf(typeof(Roles), nameof(Roles.All))] string? Role,
    [FromQuery(Name = "q")] string? Q)
{
    public string[] Permissions() =>
        (Permission ?? []).Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p.Trim()).Distinct().ToArray();

    public long[] Groups() => (Group ?? []).Distinct().ToArray();
}

public sealed class MembersFilterValidator : AbstractValidator<MembersFilterQuery>
{
    public MembersFilterValidator()
    {
        const int most = FilterByPermissionsEndpoint.MaxFilterValues;
        RuleFor(q => q).Must(q => q.Permissions().Length <= most && q.Groups().Length <= most).OverridePropertyName("permission")
            .WithMessage($"At most {most} permissions and {most} groups.").WithProblemCode("too_many_filters");
        RuleFor(q => q.Permission).Must((q, _) => FirstBadCode(q) is null)
            .WithMessage(q => $"'{FirstBadCode(q)}' is not a permission code.").WithProblemCode("invalid_permission_code");
        RuleFor(q => q.Group).Must((q, _) => !q.Groups().Any(g => g is <= 0 or > int.MaxValue))
            .WithMessage("'group' must be positive group ids.").WithProblemCode("invalid_group_id");
        RuleFor(q => q.Role).Must(r => r is null || Roles.IsValid(r))
            .WithMessage("'role' must be owner, admin, manager or member.").WithProblemCode("invalid_role");
    }

    private static string? FirstBadCode(MembersFilterQuery q) => q.Permissions().FirstOrDefault(p => !PermissionCodes.IsValid(p));
}

/// <summary>
/// The members of a space with everything about their rights, filtered by permissions (ALL), groups (ANY),
/// role and text, in one SQL query. The filters run on <c>memberships.access_tokens</c> (effective permission
/// tokens and negated group ids, kept exact by triggers) through one GIN index; the page is then shaped by
/// PostgreSQL from the relational tables.
/// </summary>
public sealed class FilterByPermissionsEndpoint : ICarterModule
{
    public const int MaxFilterValues = 50;

    /// <summary>Codes → tokens. A code that names no permission of the space makes the filter match nobody.</summary>
    private const string Wanted = """
        wanted as (
            select coalesce(array_agg(coalesce(p.token, sp.token)), '{}')::integer[] as tokens,
                   count(*) filter (where p.token is null and sp.token is null) as unknown
            from unnest(@permissions::text[]) as c(code)
            left join permissions p on p.code = c.code and p.applies_to in (@kind, 'any')
            left join space_permissions sp on sp.space_id = @spaceId and sp.code = c.code
        ),
        """;

    private const string Select = "select m.user_id, m.role, m.joined_at\nfrom memberships m\n";
    private const string JoinUsers = "join users u on u.id = m.user_id\n";
    private const string WhereSpace = "where m.space_id = @spaceId\n";
    private const string ByPermissions = "  and (select unknown from wanted) = 0 and m.access_tokens @> (select tokens from wanted)\n";
    private const string ByGroups = "  and m.access_tokens && @groupTokens::integer[]\n";
    private const string ByRole = "  and m.role = @role\n";
    private const string ByText = "  and lower(coalesce(u.name, '') || ' ' || coalesce(u.username, '') || ' ' || u.email) like @q\n";

    /// <summary>The query for this combination of filters: constant fragments only, every value a parameter.</summary>
    public static string SqlFor(bool permissions, bool groups, bool role, bool text) =>
        PageSql.Json(
            found: Select
                + (text ? JoinUsers : "")
                + WhereSpace
                + (permissions ? ByPermissions : "")
                + (groups ? ByGroups : "")
                + (role ? ByRole : "")
                + (text ? ByText : ""),
            alias: "f", item: MemberResponse.Json, joins: "join users u on u.id = f.user_id", order: "joined_at, user_id",
            ctes: Wanted);

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        foreach (var (kind, group) in app.MapSpaceGroups())
            group.MapGet("/members", Handle)
                .WithName(SpacesRoutes.Name(kind, "FilterMembersByPermissions"))
                .WithSummary("Members with their role, groups (with permissions), direct and effective permissions, filtered.")
                .WithDescription("`permission` (repeatable): the member holds ALL of them, counting role, groups and direct grants "
                    + "(the owner holds every code). `group` (repeatable group ids): in ANY of them. `role`, and `q`: part of the "
                    + "name, username or e-mail. Ordered by joining time. Any member may list the members.")
                .Validate<MembersFilterQuery>()
                .ProducesProblem(StatusCodes.Status400BadRequest)
                .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<Paged<MemberResponse>>, ProblemHttpResult>> Handle(
        MemberOfSpace caller,
        [AsParameters] PageQuery paging,
        [AsParameters] MembersFilterQuery query,
        NpgsqlDataSource db, CancellationToken ct)
    {
        if (paging.Check() is { } invalid)
            return invalid;
        var permissions = query.Permissions();
        var groups = query.Groups();
        var role = query.Role;
        var text = Like.Contains(query.Q);

        await using var connection = await db.OpenConnectionAsync(ct);

        var sql = SqlFor(permissions.Length > 0, groups.Length > 0, role is not null, text is not null);
        return TypedResults.Ok(await connection.ReadJsonAsync<MemberResponse>(paging, sql, new
        {
            spaceId = caller.SpaceId,
            kind = caller.Kind.ToSql(),
            permissions,
            groupTokens = groups.Select(g => -(int)g).ToArray(),
            role,
            q = text,
        }, ct));
    }
}
