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

namespace Atrium.Api.Features.Shop.Orders.ListOrders;

public sealed record ListOrdersQuery(
    [FromQuery(Name = "scope")] [property: OneOf(typeof(LedgerValidation), nameof(LedgerValidation.Scopes))] string? Scope,
    [FromQuery(Name = "payment_status")] [property: OneOf(typeof(PaymentStatuses), nameof(PaymentStatuses.All))] string? PaymentStatus,
    [FromQuery(Name = "buyer_id")] long? BuyerId);

public sealed class ListOrdersValidator : AbstractValidator<ListOrdersQuery>
{
    public ListOrdersValidator()
    {
        RuleFor(q => q.Scope).Scope();
        RuleFor(q => q.PaymentStatus).PaymentStatus();
        RuleFor(q => q.BuyerId).GreaterThan(0);
    }
}

public sealed class ListOrdersEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapSignedInGroup("/orders", ShopRoutes.OrdersTag).MapGet("", Handle)
            .Validate<ListOrdersQuery>()
            .WithName("ListOrders")
            .WithSummary("Orders, newest first: one's own, or every order with orders.view_all.")
            .WithDescription("`scope` is `all` by default for holders of `orders.view_all` and `mine` for everyone else; `scope=all` "
                + "or `buyer_id` of someone else without the permission is 403. `payment_status` filters. Archived orders are left out.")
            .ProducesProblem(StatusCodes.Status403Forbidden);

    private static Task<Results<Ok<Paged<OrderResponse>>, ProblemHttpResult>> Handle(
        [AsParameters] PageQuery paging, [AsParameters] ListOrdersQuery query, PlatformCaller caller, NpgsqlDataSource db, CancellationToken ct) =>
        ShopLedgers.Orders.ListAsync<OrderRow, OrderResponse>(paging, query.Scope, query.PaymentStatus, query.BuyerId, caller, db, ct);
}
