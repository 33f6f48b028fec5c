-- Deal analytics read rollups kept by statement-level triggers in the same transaction as every deal write,
-- instead of aggregating up to 100k deals of an organization per uncached request.
--   crm_deal_cells: deals and amount per (organization, status, stage, furthest stage) — at most 64 rows per
--                   organization; the summary's totals per status and the whole funnel.
--   crm_deal_days:  deals created per organization and UTC day — the summary's "created in the last N days"
--                   (whole days from here, the one partial day at the boundary from crm_deals_organization_created).
-- Statement-level triggers with transition tables: a bulk insert updates each touched cell once. No foreign key to
-- spaces: when a space is removed, the cascade to its deals brings its rows to zero in the same statement.

create table crm_deal_cells (
    organization_id bigint        not null,
    status          text          not null,
    stage           text          not null,
    furthest_stage  text          not null,
    deals           bigint        not null,
    amount_sum      numeric(20,2) not null,
    primary key (organization_id, status, stage, furthest_stage)
);

comment on table crm_deal_cells is
    'Derived from crm_deals, kept exact by triggers in the same transaction: deals and amount per status, stage and furthest stage.';

create table crm_deal_days (
    organization_id bigint not null,
    day             date   not null,
    deals           bigint not null,
    primary key (organization_id, day)
);

comment on table crm_deal_days is
    'Derived from crm_deals, kept exact by triggers in the same transaction: deals created per UTC day.';

-- Adds signed counts (old rows subtracted, new rows added; nets of zero skipped, so an update that moves no
-- figure writes nothing). Rows are upserted in key order so that two writers lock them in the same order.
create function crm_deal_rollups_add(p_cells jsonb, p_days jsonb) returns void
language sql as $$
    insert into crm_deal_cells as c (organization_id, status, stage, furthest_stage, deals, amount_sum)
    select x.organization_id, x.status, x.stage, x.furthest_stage, x.deals, x.amount_sum
    from jsonb_to_recordset(p_cells) as x (organization_id bigint, status text, stage text, furthest_stage text, deals bigint, amount_sum numeric)
    where x.deals <> 0 or x.amount_sum <> 0
    order by 1, 2, 3, 4
    on conflict (organization_id, status, stage, furthest_stage)
        do update set deals = c.deals + excluded.deals, amount_sum = c.amount_sum + excluded.amount_sum;

    insert into crm_deal_days as d (organization_id, day, deals)
    select x.organization_id, x.day, x.deals
    from jsonb_to_recordset(p_days) as x (organization_id bigint, day date, deals bigint)
    where x.deals <> 0
    order by 1, 2
    on conflict (organization_id, day) do update set deals = d.deals + excluded.deals;
$$;

create function crm_deal_rollups_apply() returns trigger
language plpgsql as $$
declare
    cells jsonb;
    days  jsonb;
begin
    -- The signed rows of the statement: +1 for each new row, -1 for each old row (an update is both).
    if tg_op = 'INSERT' then
        select jsonb_agg(c) into cells from (
            select organization_id, status, stage, furthest_stage, count(*) as deals, sum(amount) as amount_sum
            from new_deals group by 1, 2, 3, 4) c;
        select jsonb_agg(d) into days from (
            select organization_id, (created_at at time zone 'UTC')::date as day, count(*) as deals
            from new_deals group by 1, 2) d;
    elsif tg_op = 'DELETE' then
        select jsonb_agg(c) into cells from (
            select organization_id, status, stage, furthest_stage, -count(*) as deals, -sum(amount) as amount_sum
            from old_deals group by 1, 2, 3, 4) c;
        select jsonb_agg(d) into days from (
            select organization_id, (created_at at time zone 'UTC')::date as day, -count(*) as deals
            from old_deals group by 1, 2) d;
    else
        select jsonb_agg(c) into cells from (
            select organization_id, status, stage, furthest_stage, sum(n) as deals, sum(n * amount) as amount_sum
            from (select organization_id, status, stage, furthest_stage, amount, -1 as n from old_deals
                  union all
                  select organization_id, status, stage, furthest_stage, amount, 1 from new_deals) x
            group by 1, 2, 3, 4) c;
        select jsonb_agg(d) into days from (
            select organization_id, day, sum(n) as deals
            from (select organization_id, (created_at at time zone 'UTC')::date as day, -1 as n from old_deals
                  union all
                  select organization_id, (created_at at time zone 'UTC')::date, 1 from new_deals) x
            group by 1, 2) d;
    end if;
    perform crm_deal_rollups_add(coalesce(cells, '[]'), coalesce(days, '[]'));
    return null;
end;
$$;

create trigger crm_deals_rollups_insert after insert on crm_deals
    referencing new table as new_deals
    for each statement execute function crm_deal_rollups_apply();
create trigger crm_deals_rollups_update after update on crm_deals
    referencing old table as old_deals new table as new_deals
    for each statement execute function crm_deal_rollups_apply();
create trigger crm_deals_rollups_delete after delete on crm_deals
    referencing old table as old_deals
    for each statement execute function crm_deal_rollups_apply();

insert into crm_deal_cells (organization_id, status, stage, furthest_stage, deals, amount_sum)
select organization_id, status, stage, furthest_stage, count(*), sum(amount)
from crm_deals
group by 1, 2, 3, 4;

insert into crm_deal_days (organization_id, day, deals)
select organization_id, (created_at at time zone 'UTC')::date, count(*)
from crm_deals
group by 1, 2;
