using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Shop.Donations.ArchiveDonation;

public sealed class ArchiveDonationEndpoint : ICarterModule
{
    private const string Archive = """
        update shop_donations set archived_at = now(), archived_by = @UserId
        where id = @Id and archived_at is null
        """;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapSignedInGroup("/donations", ShopRoutes.DonationsTag).MapPost("/{id:long}/archive", Handle)
            .WithName("ArchiveDonation")
            .WithSummary("Archive a donation (donations.delete, the brief's delete_donat): it leaves every list and can no longer change.")
            .WithDescription("A donation the caller cannot see is 404; seeing it without `donations.delete` is 403; archiving twice is 409 "
                + "`donation_archived`. Writes a `donation.archived` platform audit event.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<Results<Ok<DonationResponse>, ProblemHttpResult>> Handle(
        long id, PlatformCaller caller, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (await DonationSql.LockVisibleAsync(connection, transaction, id, caller, ct) is null)
            return DonationSql.NotFound();
        if (caller.Lacks(PlatformPermissions.DonationsDelete) is { } denied)
            return denied;
        if (await connection.ExecuteAsync(new CommandDefinition(Archive, new { Id = id, UserId = caller.Id }, transaction, cancellationToken: ct)) == 0)
            return DonationSql.Archived();
        var donation = (await DonationSql.ReadVisibleAsync(connection, id, caller, ct, transaction))!;
        await PlatformAuditLog.WriteAsync(connection, transaction, AuditActor.From(http), "donation.archived", "donation", id, null,
            new { donation.ArchivedAt }, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(donation.For(caller));
    }
}
