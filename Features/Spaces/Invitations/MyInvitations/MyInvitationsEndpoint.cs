using System.Security.Claims;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Http;
using Carter;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Spaces.Invitations.MyInvitations;

public sealed class MyInvitationsEndpoint : ICarterModule
{
    private static readonly string Sql = PageSql.Json(
        found: """
            select i.* from invitations i
            join spaces live on live.id = i.space_id and live.deleted_at is null
            where i.status = 'pending' and i.expires_at > now()
              and (i.user_id = @userId
                   or (i.user_id is null and lower(i.email) = (select lower(me.email) from users me
                                                               where me.id = @userId and me.email_confirmed_at is not null)))
            """,
        alias: "i", item: InvitationResponse.Json, joins: InvitationResponse.Joins, order: "id desc");

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapMySpacesGroup().MapGet("/invitations", Handle)
            .WithName("ListMyInvitations")
            .WithSummary("Pending invitations addressed to the caller, by account or by e-mail address, newest first.")
            .WithDescription("An invitation sent to the caller's address before they had an account shows up here too, "
                + "once the caller has confirmed that address.")
            .ProducesProblem(StatusCodes.Status400BadRequest);

    private static async Task<Results<Ok<Paged<InvitationResponse>>, ProblemHttpResult>> Handle(
        [AsParameters] PageQuery paging, ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        if (paging.Check() is { } invalid)
            return invalid;
        await using var connection = await db.OpenConnectionAsync(ct);
        return TypedResults.Ok(await connection.ReadJsonAsync<InvitationResponse>(paging, Sql, new { userId = user.UserId() }, ct));
    }
}
