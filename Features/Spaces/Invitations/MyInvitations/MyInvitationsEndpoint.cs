using System.Security.Claims;
using Atrium.Api.Infrastructure.Auth;
using Atrium.Api.Infrastructure.Database;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Spaces.Invitations.MyInvitations;

public sealed class MyInvitationsEndpoint : ICarterModule
{
    private const string Sql = $"""
        select coalesce(json_agg({InvitationResponse.Json} order by i.id desc), '[]'::json)
        {InvitationResponse.From}
        where i.status = 'pending' and i.expires_at > now() and s.deleted_at is null
          and (i.user_id = @userId
               or (i.user_id is null and lower(i.email) = (select lower(me.email) from users me
                                                           where me.id = @userId and me.email_confirmed_at is not null)))
        """;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapMySpacesGroup().MapGet("/invitations", Handle)
            .WithName("ListMyInvitations")
            .WithSummary("Pending invitations addressed to the caller, by account or by e-mail address, newest first.")
            .WithDescription("An invitation sent to the caller's address before they had an account shows up here too, "
                + "once the caller has confirmed that address.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

    private static async Task<Ok<IReadOnlyList<InvitationResponse>>> Handle(ClaimsPrincipal user, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var items = await connection.QueryJsonAsync<List<InvitationResponse>>(new CommandDefinition(Sql, new { userId = user.UserId() }, cancellationToken: ct));
        return TypedResults.Ok<IReadOnlyList<InvitationResponse>>(items!);
    }
}
