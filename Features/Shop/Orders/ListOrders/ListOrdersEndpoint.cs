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

namespace Atrium.Api.Features.Shop.Orders.ListOrders;

public sealed record ListOrdersQuery(
    [FromQuery(Name = "scope")] string? Scope,
    [FromQuery(Name = "payment_status")] string? PaymentStatus,
    [FromQuery(Name = "buyer_id")] long? BuyerId);

public sealed class ListOrdersValidator : AbstractValidator<ListOrdersQuery>
{
    public ListOrdersValidator()
    {
        RuleFor(q => q.Scope).Must(s => s is null or "mine" or "all").WithMessage("'scope' must be mine or all.");
        RuleFor(q => q.PaymentStatus).Must(s => s is null || PaymentStatuses.IsValid(s))
            .WithMessage($"'payment_status' must be one of: {string.Join(", ", PaymentStatuses.All)}.");
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

    private static async Task<Results<Ok<Paged<OrderResponse>>, ProblemHttpResult>> Handle(
        [AsParameters] PageQuery paging, [AsParameters] ListOrdersQuery query, PlatformCaller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (paging.Check() is { } invalid)
            return invalid;
        var viewAll = caller.Has(PlatformPermissions.OrdersViewAll);
        var all = (query.Scope ?? (viewAll ? "all" : "mine")) == "all";
        if ((all || (query.BuyerId is { } buyer && buyer != caller.Id)) && !viewAll)
            return Problems.Forbidden(PlatformPermissions.OrdersViewAll, "Seeing other people's orders needs 'orders.view_all'.");

        var where = new List<string> { "o.archived_at is null" };
        var parameters = new DynamicParameters();
        if (!all)
        {
            where.Add("o.buyer_id = @Me");
            parameters.Add("Me", caller.Id);
        }
        if (query.BuyerId is { } buyerId)
        {
            where.Add("o.buyer_id = @BuyerId");
            parameters.Add("BuyerId", buyerId);
        }
        if (query.PaymentStatus is { } status)
        {
            where.Add("exists (select 1 from shop_order_payments p where p.order_id = o.id and p.status = @Status)");
            parameters.Add("Status", status);
        }
        var sql = PageSql.Json(
            found: $"select o.id, o.created_at from shop_orders o where {string.Join(" and ", where)}",
            alias: "f",
            item: OrderSql.Json,
            joins: $"join shop_orders o on o.id = f.id {OrderSql.Totals}",
            order: "created_at desc, id desc");
        await using var connection = await db.OpenConnectionAsync(ct);
        var page = await connection.ReadJsonAsync<OrderRow>(paging, sql, parameters, ct);
        return TypedResults.Ok(page.Map(order => order.For(caller)));
    }
}
