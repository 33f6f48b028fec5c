using System.Security.Claims;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

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

    private static async Task<Results<Ok<Paged<InvitationResponse>>, ProblemHttpResult>> Handle(
        SpaceRef space, [AsParameters] PageQuery paging, [FromQuery(Name = "status")] string? status,
        ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        if (paging.Check() is { } invalid)
            return invalid;
        if (status is not null && !InvitationResponse.Statuses.Contains(status))
            return Problems.Invalid("status", "invalid_status", "'status' must be pending, accepted, declined, revoked or expired.");
        await using var connection = await db.OpenConnectionAsync(ct);
        var access = await PermissionEngine.RequireAsync(connection, space.Kind, space.Id, user.UserId(), "invitations.manage", ct);
        if (access.Denied)
            return access.Problem!;
        return TypedResults.Ok(await connection.ReadJsonAsync<InvitationResponse>(paging, Sql, new { spaceId = space.Id, status }, ct));
    }
}
