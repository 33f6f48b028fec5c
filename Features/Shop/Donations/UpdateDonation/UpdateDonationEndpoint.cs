using Atrium.Api.Features.Shop.Ledgers;
using Atrium.Api.Features.Shop.Payments;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using Atrium.Api.Infrastructure.OpenApi;
using Atrium.Api.Features.Shop.Rules;

namespace Atrium.Api.Features.Shop.Donations.UpdateDonation;

/// <summary>Partial update of a donation and its payment details: an absent (or null) field stays; an empty text clears it.</summary>
public sealed record UpdateDonationRequest(string? Message, [property: OneOf(typeof(PaymentStatuses), nameof(PaymentStatuses.All))] string? PaymentStatus, string? PaymentProvider, string? PaymentReference, DateTimeOffset? PaidAt)
    : IPaymentChange;

public sealed class UpdateDonationValidator : AbstractValidator<UpdateDonationRequest>
{
    public UpdateDonationValidator()
    {
        RuleFor(r => r.Message).LedgerText("message");
        Include(new PaymentChangeValidator());
    }
}

public sealed class UpdateDonationEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapSignedInGroup("/donations", ShopRoutes.DonationsTag).MapPatch("/{id:long}", Handle)
            .WithNullSemantics("Left out or `null`: the member keeps its value (`paid_at` then defaults to now when the donation becomes paid). `message`, `payment_provider` or `payment_reference` `\"\"` clears it; `payment_status` and `paid_at` cannot be cleared.")
            .Validate<UpdateDonationRequest>()
            .WithName("UpdateDonation")
            .WithSummary("Change a donation and its payment details together (staff).")
            .WithDescription("Payment moves: pending → paid | failed, failed → pending | paid, paid → refunded (else 409 "
                + "`invalid_payment_transition`); `paid_at` defaults to now when the donation becomes paid. An archived donation is 409 "
                + "`donation_archived`. Not staff: 403 `staff_only`. Writes a `donation.updated` platform audit event with the donation before and after.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    private static Task<Results<Ok<DonationResponse>, ProblemHttpResult>> Handle(
        long id, UpdateDonationRequest request, PlatformCaller caller, HttpContext http, NpgsqlDataSource db, CancellationToken ct) =>
        ShopLedgers.Donations.UpdateAsync<DonationRow, DonationResponse>(id, request.Message, request, caller, http, db, ct);
}
