using Atrium.Api.Features.Shop.Ledgers;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Shop.Donations.ArchiveDonation;

public sealed class ArchiveDonationEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapSignedInGroup("/donations", ShopRoutes.DonationsTag).MapPost("/{id:long}/archive", Handle)
            .WithName("ArchiveDonation")
            .WithSummary("Archive a donation (donations.delete, the brief's delete_donat): it leaves every list and can no longer change.")
            .WithDescription("A donation the caller cannot see is 404; seeing it without `donations.delete` is 403; archiving twice is 409 "
                + "`donation_archived`. Writes a `donation.archived` platform audit event.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    private static Task<Results<Ok<DonationResponse>, ProblemHttpResult>> Handle(
        long id, PlatformCaller caller, HttpContext http, NpgsqlDataSource db, CancellationToken ct) =>
        ShopLedgers.Donations.ArchiveAsync<DonationRow, DonationResponse>(id, caller, http, db, ct);
}
