using Atrium.Api.Features.Shop.Rules;
using Atrium.Api.Infrastructure.Errors;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Atrium.Api.Features.Shop.Donations.ListDonations;

public sealed record ListDonationsQuery(
    [FromQuery(Name = "scope")] string? Scope,
    [FromQuery(Name = "payment_status")] string? PaymentStatus,
    [FromQuery(Name = "donor_id")] long? DonorId);

public sealed class ListDonationsValidator : AbstractValidator<ListDonationsQuery>
{
    public ListDonationsValidator()
    {
        RuleFor(q => q.Scope).Must(s => s is null or "mine" or "all").WithMessage("'scope' must be mine or all.");
        RuleFor(q => q.PaymentStatus).Must(s => s is null || PaymentStatuses.IsValid(s))
            .WithMessage($"'payment_status' must be one of: {string.Join(", ", PaymentStatuses.All)}.");
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

    private static async Task<Results<Ok<Paged<DonationResponse>>, ProblemHttpResult>> Handle(
        [AsParameters] PageQuery paging, [AsParameters] ListDonationsQuery query, PlatformCaller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (paging.Check() is { } invalid)
            return invalid;
        var viewAll = caller.Has(PlatformPermissions.DonationsViewAll);
        var all = (query.Scope ?? (viewAll ? "all" : "mine")) == "all";
        if ((all || (query.DonorId is { } donor && donor != caller.Id)) && !viewAll)
            return Problems.Forbidden(PlatformPermissions.DonationsViewAll, "Seeing other people's donations needs 'donations.view_all'.");

        var where = new List<string> { "d.archived_at is null" };
        var parameters = new DynamicParameters();
        if (!all)
        {
            where.Add("d.donor_id = @Me");
            parameters.Add("Me", caller.Id);
        }
        if (query.DonorId is { } donorId)
        {
            where.Add("d.donor_id = @DonorId");
            parameters.Add("DonorId", donorId);
        }
        if (query.PaymentStatus is { } status)
        {
            where.Add("exists (select 1 from shop_donation_payments p where p.donation_id = d.id and p.status = @Status)");
            parameters.Add("Status", status);
        }
        var sql = PageSql.Json(
            found: $"select d.id, d.created_at from shop_donations d where {string.Join(" and ", where)}",
            alias: "f",
            item: DonationSql.Json,
            joins: $"join shop_donations d on d.id = f.id {DonationSql.Totals}",
            order: "created_at desc, id desc");
        await using var connection = await db.OpenConnectionAsync(ct);
        var page = await connection.ReadJsonAsync<DonationRow>(paging, sql, parameters, ct);
        return TypedResults.Ok(page.Map(donation => donation.For(caller)));
    }
}
