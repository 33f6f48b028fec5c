using Atrium.Api.Features.Shop.Ledgers;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Atrium.Api.Infrastructure.OpenApi;
using Atrium.Api.Features.Shop.Rules;

namespace Atrium.Api.Features.Shop.Donations.ListDonations;

public sealed record ListDonationsQuery(
    [FromQuery(Name = "scope")] [property: OneOf(typeof(LedgerValidation), nameof(LedgerValidation.Scopes))] string? Scope,
    [FromQuery(Name = "payment_status")] [property: OneOf(typeof(PaymentStatuses), nameof(PaymentStatuses.All))] string? PaymentStatus,
    [FromQuery(Name = "donor_id")] long? DonorId);

public sealed class ListDonationsValidator : AbstractValidator<ListDonationsQuery>
{
    public ListDonationsValidator()
    {
        RuleFor(q => q.Scope).Scope();
        RuleFor(q => q.PaymentStatus).PaymentStatus();
        RuleFor(q => q.DonorId).GreaterThan(0);
    }
}

public sealed class ListDonationsEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapSignedInGroup("/donations", ShopRoutes.DonationsTag).MapGet("", Handle)
            .Validate<ListDonationsQuery>()
            .WithName("ListDonations")
            .WithSummary("Donations, newest first: one's own, or every donation with donations.view_all.")
            .WithDescription("`scope` is `all` by default for holders of `donations.view_all` and `mine` for everyone else; `scope=all` "
                + "or `donor_id` of someone else without the permission is 403. `payment_status` filters. Archived donations are left out.")
            .ProducesProblem(StatusCodes.Status403Forbidden);

    private static Task<Results<Ok<Paged<DonationResponse>>, ProblemHttpResult>> Handle(
        [AsParameters] PageQuery paging, [AsParameters] ListDonationsQuery query, PlatformCaller caller, NpgsqlDataSource db, CancellationToken ct) =>
        ShopLedgers.Donations.ListAsync<DonationRow, DonationResponse>(paging, query.Scope, query.PaymentStatus, query.DonorId, caller, db, ct);
}
