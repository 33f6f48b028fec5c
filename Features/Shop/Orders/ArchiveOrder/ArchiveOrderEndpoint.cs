using Atrium.Api.Infrastructure.Audit;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Shop.Orders.ArchiveOrder;

public sealed class ArchiveOrderEndpoint : ICarterModule
{
    private const string Archive = """
        update shop_orders set archived_at = now(), archived_by = @UserId
        where id = @Id and archived_at is null
        """;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapSignedInGroup("/orders", ShopRoutes.OrdersTag).MapPost("/{id:long}/archive", Handle)
            .WithName("ArchiveOrder")
            .WithSummary("Archive an order (orders.delete, the brief's delete_order): it leaves every list and can no longer change.")
            .WithDescription("An order the caller cannot see is 404; seeing it without `orders.delete` is 403; archiving twice is 409 "
                + "`order_archived`. Writes an `order.archived` platform audit event.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> Handle(
        long id, PlatformCaller caller, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (await OrderSql.LockVisibleAsync(connection, transaction, id, caller, ct) is null)
            return OrderSql.NotFound();
        if (caller.Lacks(PlatformPermissions.OrdersDelete) is { } denied)
            return denied;
        if (await connection.ExecuteAsync(new CommandDefinition(Archive, new { Id = id, UserId = caller.Id }, transaction, cancellationToken: ct)) == 0)
            return OrderSql.Archived();
        var order = (await OrderSql.ReadVisibleAsync(connection, id, caller, ct, transaction))!;
        await PlatformAuditLog.WriteAsync(connection, transaction, AuditActor.From(http), "order.archived", "order", id, null,
            new { order.ArchivedAt }, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(order.For(caller));
    }
}
