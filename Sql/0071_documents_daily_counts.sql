-- Document statistics at volume: a daily rollup kept exact by statement-level triggers (transition tables,
-- so a bulk load costs one aggregate per statement, not one upsert per row). Measured in
-- docs/perf/documents.md: a year of one organization with 1M documents read live took 0.5–1.1 s; from
-- this table it is a few milliseconds.
--   kind 'status': documents created that day, by their current status (key = status)
--   kind 'group' : documents created that day, by responsible group (key = group id)
--   kind 'user'  : documents created that day, by responsible user (key = user id)
--   kind 'signed': documents signed that day (key = '')
create table document_daily_counts (
    organization_id bigint not null,
    kind            text   not null,
    day             date   not null,
    key             text   not null,
    n               bigint not null,
    primary key (organization_id, kind, day, key),
    -- no check on n: an upsert of a negative delta is checked as the row it would insert, before the conflict
    constraint document_daily_counts_kind check (kind in ('status', 'group', 'user', 'signed'))
);

-- Emptied rows are deleted at the end of each statement; this keeps finding them cheap.
create index document_daily_counts_empty on document_daily_counts (organization_id) where n = 0;

comment on table document_daily_counts is
    'Derived from documents by triggers in the same transaction; the source of GET /documents/statistics.';

-- The rows a set of documents contributes (one per kind that applies), as (organization, kind, day, key).
create function document_count_rows(p_organization_id bigint, p_created_at timestamptz, p_status text,
                                    p_group_id bigint, p_user_id bigint, p_signed_at timestamptz)
returns table (organization_id bigint, kind text, day date, key text)
language sql immutable parallel safe as $$
    select p_organization_id, 'status', (p_created_at at time zone 'UTC')::date, p_status
    union all
    select p_organization_id, 'group', (p_created_at at time zone 'UTC')::date, p_group_id::text where p_group_id is not null
    union all
    select p_organization_id, 'user', (p_created_at at time zone 'UTC')::date, p_user_id::text where p_user_id is not null
    union all
    select p_organization_id, 'signed', (p_signed_at at time zone 'UTC')::date, '' where p_signed_at is not null
$$;

create function document_counts_apply() returns trigger
language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        insert into document_daily_counts as c (organization_id, kind, day, key, n)
        select r.organization_id, r.kind, r.day, r.key, count(*)
        from new_rows d
        cross join lateral document_count_rows(d.organization_id, d.created_at, d.status, d.responsible_group_id,
                                               d.responsible_user_id, d.signed_at) r
        group by 1, 2, 3, 4
        order by 1, 2, 3, 4
        on conflict (organization_id, kind, day, key) do update set n = c.n + excluded.n;
    elsif tg_op = 'UPDATE' then
        with delta as (
            select r.organization_id, r.kind, r.day, r.key, sum(x.sign) as n
            from (select d.*, -1 as sign from old_rows d union all select d.*, 1 from new_rows d) x
            cross join lateral document_count_rows(x.organization_id, x.created_at, x.status, x.responsible_group_id,
                                                   x.responsible_user_id, x.signed_at) r
            group by 1, 2, 3, 4
            having sum(x.sign) <> 0
        )
        insert into document_daily_counts as c (organization_id, kind, day, key, n)
        select organization_id, kind, day, key, n from delta order by 1, 2, 3, 4
        on conflict (organization_id, kind, day, key) do update set n = c.n + excluded.n;
    else
        update document_daily_counts c
        set n = c.n - x.n
        from (select r.organization_id, r.kind, r.day, r.key, count(*) as n
              from old_rows d
              cross join lateral document_count_rows(d.organization_id, d.created_at, d.status, d.responsible_group_id,
                                                     d.responsible_user_id, d.signed_at) r
              group by 1, 2, 3, 4) x
        where c.organization_id = x.organization_id and c.kind = x.kind and c.day = x.day and c.key = x.key;
    end if;
    delete from document_daily_counts where n = 0;
    return null;
end;
$$;

create trigger documents_counts_insert after insert on documents
    referencing new table as new_rows for each statement execute function document_counts_apply();
create trigger documents_counts_update after update on documents
    referencing old table as old_rows new table as new_rows for each statement execute function document_counts_apply();
create trigger documents_counts_delete after delete on documents
    referencing old table as old_rows for each statement execute function document_counts_apply();

-- Documents that exist already.
insert into document_daily_counts (organization_id, kind, day, key, n)
select r.organization_id, r.kind, r.day, r.key, count(*)
from documents d
cross join lateral document_count_rows(d.organization_id, d.created_at, d.status, d.responsible_group_id,
                                       d.responsible_user_id, d.signed_at) r
group by 1, 2, 3, 4;
