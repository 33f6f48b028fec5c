-- The dataset of `scripts/bench.sh http`, generated inside PostgreSQL (set-based inserts from generate_series,
-- no row travels over the wire). Run by psql as the superuser with:
--   -v users=N       people (the members of every project; user 1 owns every space)
--   -v projects=N    projects of `users` members each (memberships = projects × users)
--   -v orgs=N        organizations of `deals_per_org` deals each (organization 1 is the measured one)
--   -v deals_per_org=N
--   -v tasks=N       tracker tasks in the first project
--   -v hash='...'    the BCrypt hash every bench user logs in with
-- Membership triggers are switched off for the bulk load (session_replication_role = replica) and access_tokens
-- is then computed set-based from the view, as the triggers would have; the deal rollups are kept by their
-- statement-level triggers as in production.
\set ON_ERROR_STOP on
\timing on

insert into users (email, password_hash, name, email_confirmed_at)
select 'bench' || g || '@example.com', :'hash', 'Bench User ' || g, now()
from generate_series(1, :users) g;

create temporary table bench_spaces (kind text, n int, id bigint);
insert into bench_spaces
select 'project', g, create_space('project', 'Bench project ' || g, null, 'private', (select min(id) from users))
from generate_series(1, :projects) g;
insert into bench_spaces
select 'organization', g, create_space('organization', 'Bench org ' || g, null, 'private', (select min(id) from users))
from generate_series(1, :orgs) g;

-- 20 groups per project; groups 0–9 hold three permissions, every member is in one group (5% of the members each).
insert into space_groups (space_id, name)
select s.id, 'bench-g' || g from bench_spaces s, generate_series(0, 19) g where s.kind = 'project';
insert into group_permissions (space_id, group_id, code)
select g.space_id, g.id, c.code
from space_groups g
join (select code from permissions where applies_to = 'project' order by code limit 3) c on true
where g.name in ('bench-g0','bench-g1','bench-g2','bench-g3','bench-g4','bench-g5','bench-g6','bench-g7','bench-g8','bench-g9');

begin;
set local session_replication_role = replica;
insert into memberships (space_id, user_id, role)
select s.id, u.id, 'member'
from bench_spaces s
cross join users u
where s.kind = 'project' and u.id <> (select min(id) from users) and u.email like 'bench%';
insert into member_groups (space_id, user_id, group_id)
select m.space_id, m.user_id, g.id
from memberships m
join space_groups g on g.space_id = m.space_id and g.name = 'bench-g' || (m.user_id % 20)
where m.space_id in (select id from bench_spaces where kind = 'project') and m.role = 'member';
update memberships m set access_tokens = t.tokens
from (
    select x.space_id, x.user_id, array_agg(distinct x.t order by x.t) as tokens
    from (
        select e.space_id, e.user_id, coalesce(p.token, sp.token) as t
        from member_effective_permissions e
        left join permissions p on p.code = e.code
        left join space_permissions sp on sp.space_id = e.space_id and sp.code = e.code
        where e.space_id in (select id from bench_spaces where kind = 'project')
        union all
        select mg.space_id, mg.user_id, -mg.group_id::integer
        from member_groups mg
        where mg.space_id in (select id from bench_spaces where kind = 'project')
    ) x
    where x.t is not null
    group by 1, 2
) t
where m.space_id = t.space_id and m.user_id = t.user_id and m.role = 'member';
commit;

-- A sample of the bulk-computed arrays must equal the triggers' computation.
do $$
begin
    if exists (select 1 from (select * from memberships tablesample system (1)) m
               where m.access_tokens is distinct from member_access_tokens(m.space_id, m.user_id)) then
        raise exception 'bulk access_tokens differ from member_access_tokens';
    end if;
end $$;

insert into crm_contacts (organization_id, owner_id, name, email)
select s.id, (select min(id) from users), 'Contact ' || g, 'contact' || g || '@example.com'
from bench_spaces s, generate_series(1, 10000) g
where s.kind = 'organization' and s.n = 1;
insert into crm_contacts (organization_id, owner_id, name)
select s.id, (select min(id) from users), 'Contact'
from bench_spaces s where s.kind = 'organization' and s.n > 1;

insert into crm_deals (organization_id, contact_id, owner_id, title, amount, currency, status, stage, furthest_stage, created_at)
select s.id, c.first_id + (g % c.contacts), (select min(id) from users), 'Deal ' || g, 100 + (g % 997) * 13.5, 'EUR',
       (array['new','in_progress','won','lost'])[1 + g % 4],
       (array['qualification','proposal','negotiation','closed'])[1 + g % 3],
       'closed', now() - make_interval(mins => (g * 7) % (2 * 365 * 24 * 60))
from bench_spaces s
join (select organization_id, min(id) as first_id, count(*) as contacts from crm_contacts group by 1) c on c.organization_id = s.id
cross join generate_series(1, :deals_per_org) g
where s.kind = 'organization';

insert into project_tasks (project_id, title, created_by)
select (select id from bench_spaces where kind = 'project' and n = 1), 'Task ' || g, (select min(id) from users)
from generate_series(1, :tasks) g;

create table if not exists bench_dataset (label text primary key, loaded_at timestamptz not null default now());
analyze;
