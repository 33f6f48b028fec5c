using Atrium.Api.Features.Spaces;
using System.Security.Claims;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Http;
using Carter;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Atrium.Api.Infrastructure.OpenApi;

namespace Atrium.Api.Features.Spaces.JoinRequests.ListJoinRequests;

public sealed class ListJoinRequestsEndpoint : ICarterModule
{
    private static readonly string Sql = PageSql.Json(
        found: "select r.* from join_requests r where r.space_id = @spaceId and (@status::text is null or r.status = @status)",
        alias: "r", item: JoinRequestResponse.Json, joins: JoinRequestResponse.Joins, order: "id desc");

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        foreach (var (kind, group) in app.MapSpaceGroups())
            group.MapGet("/join-requests", Handle)
                .WithName(SpacesRoutes.Name(kind, "ListJoinRequests"))
                .WithSummary("Who wants to join the space, newest first (join_requests.review).")
                .WithDescription("`status`: pending, approved, rejected or withdrawn; all when absent.")
                .ProducesProblem(StatusCodes.Status400BadRequest)
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static Task<Results<Ok<Paged<JoinRequestResponse>>, ProblemHttpResult>> Handle(
        MemberOfSpace caller, [AsParameters] PageQuery paging, [FromQuery(Name = "status")] [OneOf(typeof(JoinRequestResponse), nameof(JoinRequestResponse.Statuses))] string? status,
        ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct) =>
        ListByStatus.ReadAsync<JoinRequestResponse>(db, caller, user, paging, status, JoinRequestResponse.Statuses, SpacePermissions.JoinRequestsReview, Sql, ct);
}
