using Atrium.Api.Infrastructure.Configuration;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.OpenApi;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Crm.Contacts.GetContact;

/// <summary>
/// <c>GET /api/v1/bench/raw/contacts/{id}</c>: <see cref="GetContactEndpoint"/> with its row read on <c>NpgsqlDataReader</c>
/// instead of Dapper; the binder, the SQL and the answer are the endpoint's own. Mapped only with <c>Benchmarks:RawTwins</c>.
/// </summary>
public sealed class GetContactRawTwin : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapRawTwinGroup("/contacts")?.MapGet("/{id:long}", Handle).WithETag(ifNoneMatch: true);

    private static async Task<Results<Ok<ContactResponse>, StatusCodeHttpResult, ProblemHttpResult>> Handle(
        OrganizationMember member, long id, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);

        var contact = await connection.QueryVersionedRawAsync(GetContactEndpoint.Select,
            new Dictionary<string, object> { ["organizationId"] = member.SpaceId, ["id"] = id }, ContactSql.Read, ct);
        return GetContactEndpoint.Answer(http, contact);
    }
}
