-- Spaces, part two: what the members filter needs to stay fast at 100k members of one space, plus
-- the permission that guards the admin role.

create extension if not exists intarray;
create extension if not exists btree_gin;

-- Making someone admin, changing an admin's role and removing an admin need this code. The owner holds
-- it (the owner holds every code); the admin role does not, so admins cannot create or remove admins.
insert into permissions (code, applies_to, description) values
    ('admins.manage', 'any', 'Make members admins, change the role of admins and remove admins.');

-- Every permission code (system or custom) gets a small integer token, so that a membership can carry
-- its effective permissions and its groups in one int4 array (intarray, GIN gin__int_ops). Tokens
-- of permissions are positive; a group is stored as the negative of its id.
create sequence permission_tokens as integer;

alter table permissions add column token integer not null default nextval('permission_tokens');
alter table permissions add constraint permissions_token_key unique (token);
alter table space_permissions add column token integer not null default nextval('permission_tokens');
alter table space_permissions add constraint space_permissions_token_key unique (token);

comment on column permissions.token is 'Integer stand-in for the code inside memberships.access_tokens.';
comment on column space_permissions.token is 'Integer stand-in for the code inside memberships.access_tokens.';

-- Group ids go into an int4 array as negatives: keep them within int4.
alter table space_groups add constraint space_groups_id_int4 check (id <= 2147483647);

-- A custom code may not shadow a system code (the API answers 409 permission_code_taken).
create function refuse_system_code() returns trigger
language plpgsql as $$
begin
    if exists (select 1 from permissions p where p.code = new.code) then
        raise exception 'custom permission % is a system code', new.code
            using errcode = '23505', constraint = 'space_permissions_not_system';
    end if;
    return new;
end;
$$;

create trigger space_permissions_not_system before insert or update of code on space_permissions
    for each row execute function refuse_system_code();

alter table memberships add column access_tokens integer[] not null default '{}';

comment on column memberships.access_tokens is
    'Derived, kept exact by triggers in the same transaction: the tokens of the member''s effective permissions '
    '(member_effective_permissions) and the negated ids of their groups. Serves the members filter only; '
    'permission checks read the view.';

-- The one computation of access_tokens, from the view that defines effective permissions.
create function member_access_tokens(p_space_id bigint, p_user_id bigint) returns integer[]
language sql stable as $$
    select coalesce(array_agg(t order by t), '{}')
    from (
        select coalesce(p.token, sp.token) as t
        from (select distinct e.code
              from member_effective_permissions e
              where e.space_id = p_space_id and e.user_id = p_user_id) e
        left join permissions p on p.code = e.code
        left join space_permissions sp on sp.space_id = p_space_id and sp.code = e.code
        union
        select -mg.group_id::integer
        from member_groups mg
        where mg.space_id = p_space_id and mg.user_id = p_user_id
    ) x
    where t is not null
$$;

create function refresh_member_access(p_space_id bigint, p_user_id bigint) returns void
language plpgsql as $$
declare
    fresh integer[] := member_access_tokens(p_space_id, p_user_id);
begin
    update memberships
    set access_tokens = fresh
    where space_id = p_space_id and user_id = p_user_id and access_tokens is distinct from fresh;
end;
$$;

-- Row triggers: a new membership, a role change.
create function memberships_refresh_access() returns trigger
language plpgsql as $$
begin
    perform refresh_member_access(new.space_id, new.user_id);
    return null;
end;
$$;

create trigger memberships_access_on_insert after insert on memberships
    for each row execute function memberships_refresh_access();
create trigger memberships_access_on_role after update of role on memberships
    for each row when (old.role is distinct from new.role) execute function memberships_refresh_access();

-- Statement triggers with transition tables for the tables whose rows name a member directly
-- (member_groups, member_permissions): one refresh per affected member, however many rows changed.
create function refresh_members_in_changed_rows() returns trigger
language plpgsql as $$
begin
    if tg_op in ('INSERT', 'UPDATE') then
        perform refresh_member_access(c.space_id, c.user_id) from (select distinct space_id, user_id from new_rows) c;
    end if;
    if tg_op in ('DELETE', 'UPDATE') then
        perform refresh_member_access(c.space_id, c.user_id) from (select distinct space_id, user_id from old_rows) c;
    end if;
    return null;
end;
$$;

create trigger member_groups_access_ins after insert on member_groups
    referencing new table as new_rows for each statement execute function refresh_members_in_changed_rows();
create trigger member_groups_access_upd after update on member_groups
    referencing old table as old_rows new table as new_rows for each statement execute function refresh_members_in_changed_rows();
create trigger member_groups_access_del after delete on member_groups
    referencing old table as old_rows for each statement execute function refresh_members_in_changed_rows();

create trigger member_permissions_access_ins after insert on member_permissions
    referencing new table as new_rows for each statement execute function refresh_members_in_changed_rows();
create trigger member_permissions_access_upd after update on member_permissions
    referencing old table as old_rows new table as new_rows for each statement execute function refresh_members_in_changed_rows();
create trigger member_permissions_access_del after delete on member_permissions
    referencing old table as old_rows for each statement execute function refresh_members_in_changed_rows();

-- A group's permissions changed: refresh every member of the group.
create function refresh_members_of_changed_groups() returns trigger
language plpgsql as $$
begin
    if tg_op in ('INSERT', 'UPDATE') then
        perform refresh_member_access(mg.space_id, mg.user_id)
        from member_groups mg
        where mg.group_id in (select group_id from new_rows);
    end if;
    if tg_op in ('DELETE', 'UPDATE') then
        perform refresh_member_access(mg.space_id, mg.user_id)
        from member_groups mg
        where mg.group_id in (select group_id from old_rows);
    end if;
    return null;
end;
$$;

create trigger group_permissions_access_ins after insert on group_permissions
    referencing new table as new_rows for each statement execute function refresh_members_of_changed_groups();
create trigger group_permissions_access_upd after update on group_permissions
    referencing old table as old_rows new table as new_rows for each statement execute function refresh_members_of_changed_groups();
create trigger group_permissions_access_del after delete on group_permissions
    referencing old table as old_rows for each statement execute function refresh_members_of_changed_groups();

-- A custom permission appeared or went away: the owner holds every custom code of the space.
-- (Group and direct rows of a deleted code go through forget_custom_permission and the triggers above.)
create function space_permissions_refresh_owner() returns trigger
language plpgsql as $$
declare
    sid bigint := coalesce(new.space_id, old.space_id);
begin
    perform refresh_member_access(m.space_id, m.user_id)
    from memberships m
    where m.space_id = sid and m.role = 'owner';
    return null;
end;
$$;

create trigger space_permissions_access after insert or update or delete on space_permissions
    for each row execute function space_permissions_refresh_owner();

-- The catalog and the role sets change only in migrations: refresh whatever became stale.
create function refresh_stale_member_access() returns trigger
language plpgsql as $$
begin
    update memberships m
    set access_tokens = member_access_tokens(m.space_id, m.user_id)
    where m.access_tokens is distinct from member_access_tokens(m.space_id, m.user_id);
    return null;
end;
$$;

create trigger permissions_access after insert or update or delete on permissions
    for each statement execute function refresh_stale_member_access();
create trigger role_permissions_access after insert or update or delete on role_permissions
    for each statement execute function refresh_stale_member_access();

-- Bring existing memberships up to date (the insert of admins.manage above ran before the triggers).
update memberships m set access_tokens = member_access_tokens(m.space_id, m.user_id);

-- The members filter: space, then ALL of the permission tokens (@>) and ANY of the group tokens (&&).
create index memberships_access on memberships using gin (space_id, access_tokens gin__int_ops);

-- q= of the members filter: a substring of name, username or e-mail.
create index users_search_trgm on users using gin (
    (lower(coalesce(name, '') || ' ' || coalesce(username, '') || ' ' || email)) gin_trgm_ops);

-- ISO 8601 UTC with a Z, for JSON that PostgreSQL shapes.
create function utc_iso(t timestamptz) returns text
language sql stable as $$
    select to_char(t at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
$$;
