using Atrium.Api.Infrastructure.Configuration;
using Atrium.Api.Infrastructure.OpenApi;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Crm.Contacts.GetContact;

/// <summary>
/// <c>GET /api/v1/bench/raw/contacts/{id}</c>: <see cref="GetContactEndpoint"/> with its batch sent on <c>NpgsqlCommand</c>
/// and read on <c>NpgsqlDataReader</c> instead of Dapper; the binder, the SQL and the answer are the endpoint's own.
/// Mapped only with <c>Benchmarks:RawTwins</c>.
/// </summary>
public sealed class GetContactRawTwin : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapRawTwinGroup("/contacts")?.MapGet("/{id:long}", Handle).WithETag(ifNoneMatch: true);

    private static async Task<Results<Ok<ContactResponse>, StatusCodeHttpResult, ProblemHttpResult>> Handle(
        OrganizationCaller caller, long id, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);

        await using var reads = await PermissionEngine.ReadAsMemberRawAsync(connection, caller, GetContactEndpoint.Select,
            new Dictionary<string, object> { ["organizationId"] = caller.SpaceId, ["id"] = id }, ct);
        if (reads.Problem is not null)
            return reads.Problem;
        return GetContactEndpoint.Answer(http, await reads.ReadVersionedRawAsync(ContactSql.Read));
    }
}
