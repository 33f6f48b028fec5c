using Atrium.Api.Tests.Infrastructure;
using Dapper;
using Npgsql;

namespace Atrium.Api.Tests.Features.Crm.Analytics;

/// <summary>
/// crm_deal_cells and crm_deal_days are derived from crm_deals by statement-level triggers: after inserts, updates
/// and deletes of one row and of many at once, inside the same transaction, they must equal a fresh aggregation.
/// </summary>
public sealed class DealRollupsTests(AtriumFactory factory) : IClassFixture<AtriumFactory>
{
    private const string CellsDiffer = """
        select count(*) from (
            (select organization_id, status, stage, furthest_stage, count(*)::bigint as deals, sum(amount)::numeric(20,2) as amount_sum
             from crm_deals group by 1, 2, 3, 4
             except
             select organization_id, status, stage, furthest_stage, deals, amount_sum from crm_deal_cells where deals <> 0 or amount_sum <> 0)
            union all
            (select organization_id, status, stage, furthest_stage, deals, amount_sum from crm_deal_cells where deals <> 0 or amount_sum <> 0
             except
             select organization_id, status, stage, furthest_stage, count(*)::bigint, sum(amount)::numeric(20,2)
             from crm_deals group by 1, 2, 3, 4)
        ) x
        """;

    private const string DaysDiffer = """
        select count(*) from (
            (select organization_id, (created_at at time zone 'UTC')::date as day, count(*)::bigint as deals from crm_deals group by 1, 2
             except
             select organization_id, day, deals from crm_deal_days where deals <> 0)
            union all
            (select organization_id, day, deals from crm_deal_days where deals <> 0
             except
             select organization_id, (created_at at time zone 'UTC')::date, count(*)::bigint from crm_deals group by 1, 2)
        ) x
        """;

    [Fact]
    public async Task The_rollups_equal_a_fresh_aggregation_after_every_kind_of_write_inside_the_transaction()
    {
        await using var db = await factory.OpenDatabaseAsync();
        var owner = await db.QuerySingleAsync<long>("insert into users (email) values (@email) returning id",
            new { email = $"rollups.{Guid.NewGuid():N}@example.com" });
        var first = await db.QuerySingleAsync<long>("select create_space('organization', 'A', null, 'private', @owner)", new { owner });
        var second = await db.QuerySingleAsync<long>("select create_space('organization', 'B', null, 'private', @owner)", new { owner });
        foreach (var org in new[] { first, second })
            await db.ExecuteAsync("insert into crm_contacts (organization_id, owner_id, name) values (@org, @owner, 'C')", new { org, owner });

        await using var tx = await db.BeginTransactionAsync();
        async Task Step(string sql)
        {
            await db.ExecuteAsync(sql, new { first, second, owner }, tx);
            Assert.True(await db.QuerySingleAsync<long>(CellsDiffer, transaction: tx) == 0, "cells differ after: " + sql);
            Assert.True(await db.QuerySingleAsync<long>(DaysDiffer, transaction: tx) == 0, "days differ after: " + sql);
        }

        const string Insert = """
            insert into crm_deals (organization_id, contact_id, owner_id, title, amount, currency, status, stage, furthest_stage, created_at)
            select o.id, c.id, @owner, 'D' || g, (g % 17) * 10.5,  'EUR',
                   (array['new','in_progress','won','lost'])[1 + g % 4],
                   (array['qualification','proposal','negotiation','closed'])[1 + g % 3],
                   'closed', now() - make_interval(hours => g * 7)
            from generate_series(1, {0}) g
            join spaces o on o.id = case when g % 3 = 0 then @second else @first end
            join crm_contacts c on c.organization_id = o.id
            where (array['new','in_progress','won','lost'])[1 + g % 4] <> 'won' or g % 17 > 0
            """;
        await Step(string.Format(System.Globalization.CultureInfo.InvariantCulture, Insert, 1));
        await Step(string.Format(System.Globalization.CultureInfo.InvariantCulture, Insert, 300));
        await Step("update crm_deals set title = 'renamed' where organization_id = @first");
        await Step("update crm_deals set status = 'lost' where id in (select id from crm_deals where status = 'new' order by id limit 20)");
        await Step("update crm_deals set amount = amount + 1 where organization_id = @second");
        await Step("update crm_deals set stage = 'closed' where id = (select min(id) from crm_deals)");
        await Step("update crm_deals set created_at = created_at - interval '3 days' where id % 5 = 0");
        await Step("delete from crm_deals where id = (select max(id) from crm_deals)");
        await Step("delete from crm_deals where organization_id = @second and id % 2 = 0");
        await tx.CommitAsync();

        await db.ExecuteAsync("delete from spaces where id = @second", new { second });
        Assert.Equal(0, await db.QuerySingleAsync<long>(CellsDiffer));
        Assert.Equal(0, await db.QuerySingleAsync<long>(DaysDiffer));
        Assert.True(await db.QuerySingleAsync<long>("select count(*) from crm_deal_cells where organization_id = @first and deals > 0", new { first }) > 0);
    }
}
