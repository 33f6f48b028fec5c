using Atrium.Api.Features.Shop.Ledgers;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Shop.Orders.GetOrder;

public sealed class GetOrderEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapSignedInGroup("/orders", ShopRoutes.OrdersTag).MapGet("/{id:long}", Handle)
            .WithName("GetOrder")
            .WithSummary("One order: its items, total, payment status and, for staff, the payment details.")
            .WithDescription("The buyer sees their own order, holders of `orders.view_all` any order (archived ones too); anyone else 404. "
                + "`payment` (provider, reference, paid_at) is present for staff only (brief 003: order details are for staff); "
                + "`allowed_actions` says what the caller may do with it.")
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static Task<Results<Ok<OrderResponse>, ProblemHttpResult>> Handle(long id, PlatformCaller caller, NpgsqlDataSource db, CancellationToken ct) =>
        ShopLedgers.Orders.GetAsync<OrderRow, OrderResponse>(id, caller, db, ct);
}
