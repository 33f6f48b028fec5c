using Atrium.Api.Features.Spaces;
using System.Security.Claims;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Http;
using Carter;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Atrium.Api.Infrastructure.OpenApi;

namespace Atrium.Api.Features.Spaces.Invitations.ListInvitations;

public sealed class ListInvitationsEndpoint : ICarterModule
{
    private static readonly string Sql = PageSql.Json(
        found: $"select i.* from invitations i where i.space_id = @spaceId and (@status::text is null or {InvitationResponse.StatusSql} = @status)",
        alias: "i", item: InvitationResponse.Json, joins: InvitationResponse.Joins, order: "id desc");

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        foreach (var (kind, group) in app.MapSpaceGroups())
            group.MapGet("/invitations", Handle)
                .WithName(SpacesRoutes.Name(kind, "ListInvitations"))
                .WithSummary("The invitations of a space, newest first (invitations.manage).")
                .WithDescription("`status`: pending, accepted, declined, revoked or expired; all when absent.")
                .ProducesProblem(StatusCodes.Status400BadRequest)
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static Task<Results<Ok<Paged<InvitationResponse>>, ProblemHttpResult>> Handle(
        MemberOfSpace caller, [AsParameters] PageQuery paging, [FromQuery(Name = "status")] [OneOf(typeof(InvitationResponse), nameof(InvitationResponse.Statuses))] string? status,
        ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct) =>
        ListByStatus.ReadAsync<InvitationResponse>(db, caller, user, paging, status, InvitationResponse.Statuses, SpacePermissions.InvitationsManage, Sql, ct);
}
