-- 1M documents in ONE organization (the worst case for its statistics), 200 members, 20 departments,
-- created over the last 365 days; a responsible group for 40%, a responsible user for the rest; a third signed.
-- Run on a migrated database:  psql -f docs/perf/documents-seed.sql
begin;

insert into users (email, name)
select 'perf' || i || '@example.com', 'Perf User ' || i from generate_series(1, 200) i;

with owner as (select min(id) as id from users where email like 'perf%@example.com')
select create_space('organization', 'Perf Org', null, 'private', owner.id) from owner;

insert into memberships (space_id, user_id, role)
select s.id, u.id, 'member'
from spaces s, users u
where s.name = 'Perf Org' and u.email like 'perf%@example.com' and u.id <> s.owner_id;

insert into space_groups (space_id, name)
select s.id, 'Department ' || g from spaces s, generate_series(1, 20) g where s.name = 'Perf Org';

create temporary table perf_users as
select row_number() over (order by id) as n, id from users where email like 'perf%@example.com';
create temporary table perf_groups as
select row_number() over (order by g.id) as n, g.id from space_groups g join spaces s on s.id = g.space_id where s.name = 'Perf Org';

insert into documents (organization_id, title, description, status, author_id, responsible_user_id, responsible_group_id,
                       current_version, created_at, signed_at)
select s.id,
       'Document ' || i,
       case when i % 3 = 0 then 'Приказ об отпуске сотрудника' else 'Supply agreement for the quarter' end,
       st.status,
       (select id from perf_users where n = 1 + i % 200),
       case when i % 5 < 2 then null else (select id from perf_users where n = 1 + (i * 7) % 200) end,
       case when i % 5 < 2 then (select id from perf_groups where n = 1 + i % 20) else null end,
       1,
       t.created_at,
       case when st.status = 'signed' then t.created_at + interval '2 days' end
from spaces s,
     generate_series(1, 1000000) i,
     lateral (select now() - (i % 365) * interval '1 day' - (i % 86400) * interval '1 second' as created_at) t,
     lateral (select (array['draft', 'sent', 'in_review', 'signed', 'signed', 'signed', 'rejected', 'archived', 'sent'])[1 + i % 9] as status) st
where s.name = 'Perf Org';

commit;
vacuum analyze documents;
