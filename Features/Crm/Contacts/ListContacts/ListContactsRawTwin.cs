using Atrium.Api.Infrastructure.Configuration;
using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Crm.Contacts.ListContacts;

/// <summary>
/// <c>GET /api/v1/bench/raw/contacts</c>: <see cref="ListContactsEndpoint"/> with its page read on <c>NpgsqlDataReader</c>
/// instead of Dapper; the binder, the checks, the SQL and the answer are the endpoint's own. Mapped only with
/// <c>Benchmarks:RawTwins</c>.
/// </summary>
public sealed class ListContactsRawTwin : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapRawTwinGroup("/contacts")?.MapGet("", Handle).Validate<ListContactsQuery>();

    private static async Task<Results<Ok<Paged<ContactResponse>>, ProblemHttpResult>> Handle(
        OrganizationMember member, [AsParameters] PageQuery paging, [AsParameters] ListContactsQuery query, NpgsqlDataSource db, CancellationToken ct)
    {
        if (ListContactsEndpoint.Refusal(member, paging, query) is { } refused)
            return refused;
        await using var connection = await db.OpenConnectionAsync(ct);

        var (sql, parameters) = ListContactsEndpoint.Query(member, query);
        return TypedResults.Ok(await connection.ReadRowsRawAsync(paging, sql, parameters, ContactSql.Read, ct));
    }
}
