using Atrium.Api.Features.Spaces;
using Atrium.Api.Features.Documents.Rules;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Atrium.Api.Infrastructure.OpenApi;

namespace Atrium.Api.Features.Documents.GroupDocuments;

public sealed class GroupDocumentsEndpoint : ICarterModule
{
    private const string InGroup = """
        select exists (select 1 from space_groups where space_id = @organizationId and id = @groupId) as group_exists,
               exists (select 1 from member_groups where space_id = @organizationId and group_id = @groupId and user_id = @me) as is_member
        """;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGroup("/api/v1/organizations").WithTags(DocumentsRoutes.Tag).RequireAuthorization()
            .MapGet("/{id:long}/groups/{group_id:long}/documents", Handle)
            .WithName("ListGroupDocuments")
            .WithSummary("A department's documents: those its group is responsible for, newest first.")
            .WithDescription("For the group's members and holders of `documents.read_all` (else 403). Not a member of the organization: 404 "
                + "`organization_not_found`; a group of another organization: 404 `group_not_found`. `status` filters; `page`, `page_size` as everywhere.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<Paged<DocumentResponse>>, ProblemHttpResult>> Handle(long id, [FromRoute(Name = "group_id")] long groupId,
        [AsParameters] PageQuery paging, [FromQuery(Name = "status")] [OneOf(typeof(DocumentStatus), nameof(DocumentStatus.All))] string? status, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        if (paging.Check() is { } invalid)
            return invalid;
        if (status is not null && !DocumentStatus.IsValid(status))
            return Problems.Invalid("status", "validation_failed", $"'status' is one of {string.Join(", ", DocumentStatus.All)}.");
        await using var connection = await db.OpenConnectionAsync(ct);
        if (await PermissionEngine.FindMemberAsync(connection, SpaceKind.Organization, id, http.User.UserId(), ct) is not { } member)
            return PermissionEngine.NotFound(SpaceKind.Organization);
        var parameters = member.VisibilityParameters();
        parameters.Add("groupId", groupId);
        var (groupExists, isMember) = await connection.QuerySingleAsync<(bool, bool)>(new CommandDefinition(InGroup, parameters, cancellationToken: ct));
        if (!groupExists)
            return SpaceProblems.GroupNotFound();
        if (!isMember && !member.ReadsAll())
            return Problems.Forbidden(DocumentRights.ReadAll, "A department's documents are for its members and holders of 'documents.read_all'.");

        var where = new List<string> { "d.organization_id = @organizationId", "d.responsible_group_id = @groupId" };
        if (status is not null)
        {
            where.Add("d.status = @status");
            parameters.Add("status", status);
        }
        var sql = PageSql.Rows("documents d", DocumentAccess.Columns, where, "d.created_at desc, d.id desc");
        return TypedResults.Ok(await connection.ReadRowsAsync<DocumentResponse>(paging, sql, parameters, ct));
    }
}
