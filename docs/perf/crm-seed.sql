-- Seeds a scratch database (after `dotnet run -- migrate` on it) with 1,000,000 deals; see docs/perf/crm.md.
-- 1M deals: 100 organizations × 10k deals, plus one big organization of 100k (the measured one is org #1, 100k deals).
\timing on
insert into users (email, name) select 'perf' || g || '@example.com', 'Perf ' || g from generate_series(1, 200) g;
select create_space('organization', 'Org ' || g, null, 'private', (select min(id) from users) + g - 1) from generate_series(1, 91) g;
insert into memberships (space_id, user_id, role)
select s.id, u.id, 'member' from spaces s cross join lateral (select id from users order by id offset 100 limit 20) u;
insert into crm_contacts (organization_id, owner_id, name, email)
select s.id, s.owner_id, 'Contact ' || g, 'c' || g || '.' || s.id || '@example.com'
from spaces s, generate_series(1, 1000) g order by s.id, g;
-- org of the first space gets 100k deals, the other 90 get 10k each = 1,000,000
with orgs as (
    select s.id, case when s.id = (select min(id) from spaces) then 100000 else 10000 end as n,
           (select min(id) from crm_contacts c where c.organization_id = s.id) as first_contact
    from spaces s)
insert into crm_deals (organization_id, contact_id, owner_id, title, amount, currency, status, stage, furthest_stage, created_at, updated_at)
select o.id, o.first_contact + (g % 1000), (select min(id) from users),
       'Deal ' || g,
       ((g * 7919) % 100000)::numeric / 10 + 1,
       (array['EUR','USD','GBP'])[1 + g % 3],
       (array['new','in_progress','won','lost'])[1 + (g * 31) % 4],
       st, (array['qualification','proposal','negotiation','closed'])[greatest(crm_stage_rank(st), 1 + (g * 13) % 4)],
       now() - make_interval(days => (g % 365)),
       now() - make_interval(mins => (g % 100000))
from orgs o, generate_series(1, o.n) g,
     lateral (select (array['qualification','proposal','negotiation','closed'])[1 + (g * 17) % 4] as st) s;
vacuum analyze;
select count(*) from crm_deals;
