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
    fresh integer[];
begin
    perform lock_memberships(array[p_space_id], array[p_user_id]);
    fresh := member_access_tokens(p_space_id, p_user_id);
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

-- The token of a code in a space: a system code's, else the space's custom code's; null for neither.
create function permission_token(p_space_id bigint, p_code text) returns integer
language sql stable as $$
    select coalesce((select p.token from permissions p where p.code = p_code),
                    (select sp.token from space_permissions sp where sp.space_id = p_space_id and sp.code = p_code))
$$;

-- Locks memberships in key order (the helpers below take this lock before they read anything).
create function lock_memberships(p_space bigint[], p_user bigint[]) returns void
language plpgsql as $$
begin
    perform 1
    from memberships m
    where (m.space_id, m.user_id) in (select * from unnest(p_space, p_user))
    order by m.space_id, m.user_id
    for update;
end;
$$;

-- The other changes are applied incrementally (a full recomputation per member costs about a
-- millisecond, which for a group of 16k members would be seconds). access_apply takes parallel arrays
-- of (space, user, code or null, group id or null):
--   p_add true:  the member now holds the code / is in the group: add the tokens (exact: union).
--   p_add false: the row giving the code / group is gone: drop the group token, and drop a code's
--                token unless the member still holds the code another way (read from the view).
-- It first locks the memberships it will touch (in key order), so that its second statement, which
-- takes a fresh snapshot, sees whatever a concurrent change of the same members committed meanwhile.
create function access_apply(p_add boolean, p_space bigint[], p_user bigint[], p_code text[], p_group bigint[]) returns void
language sql as $$
    select lock_memberships(p_space, p_user);

    with c as (
        select * from unnest(p_space, p_user, p_code, p_group) as c(space_id, user_id, code, group_id)
    ),
    t as (
        select c.space_id, c.user_id, array_agg(distinct x.token) as tokens
        from c
        cross join lateral (
            select permission_token(c.space_id, c.code) as token
            where c.code is not null
              and (p_add or not exists (select 1 from member_effective_permissions e
                                        where e.space_id = c.space_id and e.user_id = c.user_id and e.code = c.code))
            union all
            select -c.group_id::integer where c.group_id is not null
        ) x
        where x.token is not null
        group by c.space_id, c.user_id
    )
    update memberships m
    set access_tokens = case when p_add then m.access_tokens | t.tokens else m.access_tokens - t.tokens end
    from t
    where m.space_id = t.space_id and m.user_id = t.user_id
      and case when p_add then not m.access_tokens @> t.tokens else m.access_tokens && t.tokens end
$$;

-- member_groups: joining a group gives its codes and its token; leaving takes them (unless held otherwise).
create function member_groups_access() returns trigger
language plpgsql as $$
begin
    if tg_op in ('DELETE', 'UPDATE') then
        perform access_apply(false, array_agg(x.space_id), array_agg(x.user_id), array_agg(x.code), array_agg(x.group_id))
        from (select o.space_id, o.user_id, gp.code, null::bigint as group_id
              from old_rows o join group_permissions gp on gp.group_id = o.group_id
              union all
              select o.space_id, o.user_id, null, o.group_id from old_rows o) x;
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        perform access_apply(true, array_agg(x.space_id), array_agg(x.user_id), array_agg(x.code), array_agg(x.group_id))
        from (select n.space_id, n.user_id, gp.code, null::bigint as group_id
              from new_rows n join group_permissions gp on gp.group_id = n.group_id
              union all
              select n.space_id, n.user_id, null, n.group_id from new_rows n) x;
    end if;
    return null;
end;
$$;

create trigger member_groups_access_ins after insert on member_groups
    referencing new table as new_rows for each statement execute function member_groups_access();
create trigger member_groups_access_upd after update on member_groups
    referencing old table as old_rows new table as new_rows for each statement execute function member_groups_access();
create trigger member_groups_access_del after delete on member_groups
    referencing old table as old_rows for each statement execute function member_groups_access();

-- Deleting a group cascades to member_groups and group_permissions, and the statement triggers of both
-- cascades would fire only after both are gone, when nobody can tell who held what. So the members
-- leave the group first, in a statement of their own, while the group's permissions still exist.
create function space_groups_release_members() returns trigger
language plpgsql as $$
begin
    delete from member_groups where space_id = old.space_id and group_id = old.id;
    return old;
end;
$$;

create trigger space_groups_release_members before delete on space_groups
    for each row execute function space_groups_release_members();

-- member_permissions: a direct grant switched on or off.
create function member_permissions_access() returns trigger
language plpgsql as $$
begin
    if tg_op in ('DELETE', 'UPDATE') then
        perform access_apply(false, array_agg(o.space_id), array_agg(o.user_id), array_agg(o.code), array_agg(null::bigint))
        from old_rows o;
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        perform access_apply(true, array_agg(n.space_id), array_agg(n.user_id), array_agg(n.code), array_agg(null::bigint))
        from new_rows n;
    end if;
    return null;
end;
$$;

create trigger member_permissions_access_ins after insert on member_permissions
    referencing new table as new_rows for each statement execute function member_permissions_access();
create trigger member_permissions_access_upd after update on member_permissions
    referencing old table as old_rows new table as new_rows for each statement execute function member_permissions_access();
create trigger member_permissions_access_del after delete on member_permissions
    referencing old table as old_rows for each statement execute function member_permissions_access();

-- group_permissions: a group gained or lost a code; every member of the group follows.
create function group_permissions_access() returns trigger
language plpgsql as $$
begin
    if tg_op in ('DELETE', 'UPDATE') then
        perform access_apply(false, array_agg(mg.space_id), array_agg(mg.user_id), array_agg(o.code), array_agg(null::bigint))
        from old_rows o join member_groups mg on mg.group_id = o.group_id;
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        perform access_apply(true, array_agg(mg.space_id), array_agg(mg.user_id), array_agg(n.code), array_agg(null::bigint))
        from new_rows n join member_groups mg on mg.group_id = n.group_id;
    end if;
    return null;
end;
$$;

create trigger group_permissions_access_ins after insert on group_permissions
    referencing new table as new_rows for each statement execute function group_permissions_access();
create trigger group_permissions_access_upd after update on group_permissions
    referencing old table as old_rows new table as new_rows for each statement execute function group_permissions_access();
create trigger group_permissions_access_del after delete on group_permissions
    referencing old table as old_rows for each statement execute function group_permissions_access();

-- space_permissions: the owner holds every custom code of the space. A deleted code leaves every member
-- of the space at once (this trigger runs before space_permissions_forget, which removes the group and
-- direct rows; by then the code's token is gone from everyone). Renaming a code recomputes the space.
create function space_permissions_access() returns trigger
language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        update memberships m set access_tokens = m.access_tokens | array[new.token]
        where m.space_id = new.space_id and m.role = 'owner';
    elsif tg_op = 'DELETE' then
        update memberships m set access_tokens = m.access_tokens - old.token
        where m.space_id = old.space_id and m.access_tokens @> array[old.token];
    else
        perform refresh_member_access(m.space_id, m.user_id) from memberships m where m.space_id in (old.space_id, new.space_id);
    end if;
    return null;
end;
$$;

create trigger space_permissions_access after insert or update or delete on space_permissions
    for each row execute function space_permissions_access();

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
