using Atrium.Api.Features.Shop.Ledgers;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Shop.Orders.ArchiveOrder;

public sealed class ArchiveOrderEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapSignedInGroup("/orders", ShopRoutes.OrdersTag).MapPost("/{id:long}/archive", Handle)
            .WithName("ArchiveOrder")
            .WithSummary("Archive an order (orders.delete, the brief's delete_order): it leaves every list and can no longer change.")
            .WithDescription("An order the caller cannot see is 404; seeing it without `orders.delete` is 403; archiving twice is 409 "
                + "`order_archived`. Writes an `order.archived` platform audit event.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    private static Task<Results<Ok<OrderResponse>, ProblemHttpResult>> Handle(
        long id, PlatformCaller caller, HttpContext http, NpgsqlDataSource db, CancellationToken ct) =>
        ShopLedgers.Orders.ArchiveAsync<OrderRow, OrderResponse>(id, caller, http, db, ct);
}
