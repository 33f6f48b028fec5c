using Atrium.Api.Infrastructure.Database;
using Atrium.Api.Infrastructure.Http;
using Atrium.Api.Infrastructure.Permissions;
using Carter;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Atrium.Api.Features.Shop.MyShop.GetMyShop;

public sealed record MoneySum(string Currency, decimal Amount);

/// <summary>One of the caller's listed projects with what it brought in.</summary>
public sealed record MyShopProject(long ProjectId, string Name, bool Published, decimal Price, string Currency, long CategoryId,
    long OrdersCount, IReadOnlyList<MoneySum> Revenue, long DonationsCount, IReadOnlyList<MoneySum> Donations);

public sealed class GetMyShopEndpoint : ICarterModule
{
    /// <summary>
    /// The caller's listings with, per project, live orders, the revenue of paid items and the paid donations, each sum per
    /// currency: one statement, the aggregates over the items' project index.
    /// </summary>
    private static readonly string Sql = PageSql.Json(
        found: """
            select l.project_id, s.name, l.published, l.price, l.currency, l.category_id, l.orders_count
            from shop_listings l
            join shop_creators cr on cr.id = l.creator_id
            join spaces s on s.id = l.project_id
            where cr.user_id = @userId
            """,
        alias: "f",
        item: """
            json_build_object(
                'project_id', f.project_id, 'name', f.name, 'published', f.published, 'price', f.price, 'currency', f.currency,
                'category_id', f.category_id, 'orders_count', f.orders_count,
                'revenue', coalesce(r.sums, '[]'::json), 'donations_count', coalesce(g.given, 0), 'donations', coalesce(g.sums, '[]'::json))
            """,
        joins: """
            left join lateral (
                select json_agg(json_build_object('currency', x.currency, 'amount', x.amount) order by x.currency) as sums
                from (select i.currency, sum(i.price) as amount
                      from shop_order_items i
                      join shop_orders o on o.id = i.order_id and o.archived_at is null
                      join shop_order_payments p on p.order_id = o.id and p.status = 'paid'
                      where i.project_id = f.project_id
                      group by i.currency) x) r on true
            left join lateral (
                select sum(x.given) as given,
                       json_agg(json_build_object('currency', x.currency, 'amount', x.amount) order by x.currency) as sums
                from (select i.currency, sum(i.amount) as amount, count(*) as given
                      from shop_donation_items i
                      join shop_donations d on d.id = i.donation_id and d.archived_at is null
                      join shop_donation_payments p on p.donation_id = d.id and p.status = 'paid'
                      where i.project_id = f.project_id
                      group by i.currency) x) g on true
            """,
        order: "name, project_id");

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapSignedInGroup("/me/shop", ShopRoutes.MyShopTag).MapGet("", Handle)
            .WithName("GetMyShop")
            .WithSummary("My projects in the shop: each listing with its orders, revenue and donations.")
            .WithDescription("`orders_count` counts orders that are not archived; `revenue` and `donations` sum, per currency, the items of "
                + "orders and donations that are paid and not archived; `donations_count` counts those donations. Sorted by name.")
            .ProducesProblem(StatusCodes.Status400BadRequest);

    private static async Task<Results<Ok<Paged<MyShopProject>>, ProblemHttpResult>> Handle(
        [AsParameters] PageQuery paging, PlatformCaller caller, NpgsqlDataSource db, CancellationToken ct)
    {
        if (paging.Check() is { } invalid)
            return invalid;
        await using var connection = await db.OpenConnectionAsync(ct);
        return TypedResults.Ok(await connection.ReadJsonAsync<MyShopProject>(paging, Sql, new { userId = caller.Id }, ct));
    }
}
