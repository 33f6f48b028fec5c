using Atrium.Api.Features.Shop.Ledgers;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Shop.Donations.GetDonation;

public sealed class GetDonationEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapSignedInGroup("/donations", ShopRoutes.DonationsTag).MapGet("/{id:long}", Handle)
            .WithName("GetDonation")
            .WithSummary("One donation: its items, total, payment status and, for staff, the payment details.")
            .WithDescription("The donor sees their own donation, holders of `donations.view_all` any donation (archived ones too); anyone else 404. "
                + "`payment` (provider, reference, paid_at) is present for staff only (brief 003: donation details are for staff); "
                + "`allowed_actions` says what the caller may do with it.")
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static Task<Results<Ok<DonationResponse>, ProblemHttpResult>> Handle(long id, PlatformCaller caller, NpgsqlDataSource db, CancellationToken ct) =>
        ShopLedgers.Donations.GetAsync<DonationRow, DonationResponse>(id, caller, db, ct);
}
