\timing on
-- Test data for docs/perf/members-filter.md: run with psql against a scratch database that has
-- Sql/0001, 0002, 0010 and 0011 applied (psql -1 -f each). Big is space 1; big_group the 16k group.
insert into users (email, username, name)
select 'user' || g || '@example.com', 'user' || g, 'User Number ' || g from generate_series(1, 110000) g;
select create_space('project', 'Big', null, 'public', 1) as big \gset
select create_space('project', 'Other', null, 'public', 2) as other \gset
-- 20 custom codes in Big
insert into space_permissions (space_id, code) select :big, 'custom.perm_' || g from generate_series(1, 20) g;
-- 200 more groups in Big, each with 4 pseudo-random codes from the project catalog and customs
insert into space_groups (space_id, name) select :big, 'group_' || g from generate_series(1, 200) g;
insert into group_permissions (space_id, group_id, code)
select distinct :big, g.id, c.code
from space_groups g
cross join lateral (
    select code from (
        select code from permissions where applies_to in ('project', 'any')
        union all select code from space_permissions where space_id = :big) all_codes
    where g.id > 0
    order by md5(g.id::text || code) limit 4) c
where g.space_id = :big and g.name like 'group\_%';
-- a group of 16k members with three known codes
insert into space_groups (space_id, name) values (:big, 'big_group') returning id as big_group \gset
insert into group_permissions (space_id, group_id, code) values
    (:big, :big_group, 'tasks.review'), (:big, :big_group, 'custom.perm_1');
-- 100k members of Big: 1% admin, 5% manager, the rest member
insert into memberships (space_id, user_id, role, joined_at)
select :big, g, case when g % 100 = 0 then 'admin' when g % 20 = 0 then 'manager' else 'member' end,
       now() - (g || ' seconds')::interval
from generate_series(2, 100001) g;
-- 10k members of Other
insert into memberships (space_id, user_id, role)
select :other, g, 'member' from generate_series(100002, 110000) g;
-- every member of Big in 1–2 of the 203 other groups, 16k in big_group
insert into member_groups (space_id, user_id, group_id)
select :big, m.user_id, g.id
from memberships m
join lateral (select id from space_groups where space_id = :big and name <> 'big_group'
              order by md5(m.user_id::text || id::text) limit 1 + (m.user_id % 2)) g on true
where m.space_id = :big and m.role <> 'owner';
insert into member_groups (space_id, user_id, group_id)
select :big, user_id, :big_group from memberships where space_id = :big and role <> 'owner' and user_id % 6 = 0 and user_id <= 96002;
-- 10% hold tasks.assign directly
insert into member_permissions (space_id, user_id, code)
select :big, user_id, 'tasks.assign' from memberships where space_id = :big and role <> 'owner' and user_id % 10 = 3;
vacuum analyze;
select :big as big, :big_group as big_group;
select count(*) as members, (select count(*) from member_groups where group_id = :big_group) as in_big_group from memberships where space_id = :big;
select count(*) as stale from memberships where access_tokens is distinct from member_access_tokens(space_id, user_id);
