-- Spaces: organizations (tenants of the CRM and documents) and projects (task boards, shop items)
-- share ONE table with a kind, so one permission engine, one audit log and one set of routes serve
-- both. A supertype with two subtype tables was considered; the kinds differ only in their permission
-- catalog and default groups, which are data, so the subtypes would have been empty.

create extension if not exists pg_trgm;

create table spaces (
    id          bigint generated always as identity primary key,
    kind        text        not null,
    name        text        not null,
    description text,
    visibility  text        not null default 'private',
    settings    jsonb       not null default '{}'::jsonb,
    owner_id    bigint      not null references users (id) on delete restrict,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    constraint spaces_kind check (kind in ('organization', 'project')),
    constraint spaces_visibility check (visibility in ('public', 'private')),
    constraint spaces_name_length check (length(btrim(name)) between 1 and 200),
    constraint spaces_description_length check (description is null or length(description) <= 5000),
    constraint spaces_settings_object check (jsonb_typeof(settings) = 'object')
);

comment on table spaces is 'Organizations and projects. owner_id mirrors the one membership with role owner (checked at commit).';

create index spaces_owner_id on spaces (owner_id);
create index spaces_kind_visibility on spaces (kind, visibility);
create index spaces_name_trgm on spaces using gin (lower(name) gin_trgm_ops);

create trigger spaces_set_updated_at before update on spaces
    for each row execute function set_updated_at();

create table memberships (
    space_id  bigint      not null references spaces (id) on delete cascade,
    user_id   bigint      not null references users (id) on delete cascade,
    role      text        not null,
    joined_at timestamptz not null default now(),
    primary key (space_id, user_id),
    constraint memberships_role check (role in ('owner', 'admin', 'manager', 'member'))
);

comment on table memberships is 'Who is in a space, with one fixed role. Exactly one owner per space.';

create index memberships_user_id on memberships (user_id);
create index memberships_space_role on memberships (space_id, role);
-- At most one owner per space; "at least one, and it is spaces.owner_id" is the deferred trigger below.
create unique index memberships_one_owner on memberships (space_id) where role = 'owner';

create function check_space_owner() returns trigger
language plpgsql as $$
declare
    sid bigint;
begin
    if tg_table_name = 'spaces' then
        sid := new.id;
    elsif tg_op = 'DELETE' then
        sid := old.space_id;
    else
        sid := new.space_id;
    end if;
    if exists (select 1 from spaces s where s.id = sid)
       and not exists (
           select 1
           from spaces s
           join memberships m on m.space_id = s.id and m.user_id = s.owner_id and m.role = 'owner'
           where s.id = sid) then
        raise exception 'space % must have exactly one owner, the one named in spaces.owner_id', sid
            using errcode = '23514', constraint = 'spaces_one_owner';
    end if;
    return null;
end;
$$;

create constraint trigger memberships_owner_check
    after insert or update or delete on memberships
    deferrable initially deferred
    for each row execute function check_space_owner();

create constraint trigger spaces_owner_check
    after insert or update of owner_id on spaces
    deferrable initially deferred
    for each row execute function check_space_owner();

-- The system permission catalog. applies_to says which kind of space a code belongs to.
create table permissions (
    code        text primary key,
    applies_to  text not null,
    description text not null,
    constraint permissions_code_shape check (code ~ '^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$'),
    constraint permissions_applies_to check (applies_to in ('organization', 'project', 'any'))
);

comment on table permissions is 'System permission codes checked by Atrium itself. Custom codes live in space_permissions.';

-- The permission set of each role, as reviewable data. The owner holds every code and needs no rows.
create table role_permissions (
    role text not null,
    code text not null references permissions (code) on delete cascade,
    primary key (role, code),
    constraint role_permissions_role check (role in ('admin', 'manager', 'member'))
);

create index role_permissions_code on role_permissions (code);

-- Custom permissions that admins create in their space; Atrium returns them to client applications.
create table space_permissions (
    space_id    bigint      not null references spaces (id) on delete cascade,
    code        text        not null,
    description text,
    created_by  bigint      references users (id) on delete set null,
    created_at  timestamptz not null default now(),
    primary key (space_id, code),
    constraint space_permissions_code_shape check (code ~ '^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$' and length(code) <= 100)
);

create index space_permissions_created_by on space_permissions (created_by);

create table space_groups (
    id          bigint generated always as identity primary key,
    space_id    bigint      not null references spaces (id) on delete cascade,
    name        text        not null,
    description text,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    constraint space_groups_name_length check (length(btrim(name)) between 1 and 100),
    -- target of composite foreign keys: a group is only ever used inside its own space
    constraint space_groups_space_id_id unique (space_id, id)
);

comment on table space_groups is 'Named sets of permissions inside a space; also departments that receive documents.';

create unique index space_groups_name_key on space_groups (space_id, lower(name));

create trigger space_groups_set_updated_at before update on space_groups
    for each row execute function set_updated_at();

-- A group's permissions: system codes of the space's kind or custom codes of the same space
-- (checked by the slices; a deleted custom code is removed here by a trigger).
create table group_permissions (
    space_id bigint not null,
    group_id bigint not null,
    code     text   not null,
    primary key (group_id, code),
    foreign key (space_id, group_id) references space_groups (space_id, id) on delete cascade
);

create index group_permissions_space_code on group_permissions (space_id, code);

create table member_groups (
    space_id bigint      not null,
    user_id  bigint      not null,
    group_id bigint      not null,
    added_at timestamptz not null default now(),
    primary key (space_id, user_id, group_id),
    foreign key (space_id, user_id) references memberships (space_id, user_id) on delete cascade,
    foreign key (space_id, group_id) references space_groups (space_id, id) on delete cascade
);

create index member_groups_group on member_groups (space_id, group_id);

-- Direct grants: one permission given to one member, switchable on and off.
create table member_permissions (
    space_id   bigint      not null,
    user_id    bigint      not null,
    code       text        not null,
    granted_by bigint      references users (id) on delete set null,
    granted_at timestamptz not null default now(),
    primary key (space_id, user_id, code),
    foreign key (space_id, user_id) references memberships (space_id, user_id) on delete cascade
);

create index member_permissions_space_code on member_permissions (space_id, code);
create index member_permissions_granted_by on member_permissions (granted_by);

create function forget_custom_permission() returns trigger
language plpgsql as $$
begin
    delete from group_permissions where space_id = old.space_id and code = old.code;
    delete from member_permissions where space_id = old.space_id and code = old.code;
    return old;
end;
$$;

create trigger space_permissions_forget after delete on space_permissions
    for each row execute function forget_custom_permission();

-- Effective permissions = role set ∪ group permissions ∪ direct grants (owner: every code of the
-- kind and every custom code of the space). THE one definition; every check reads it.
create view member_effective_permissions as
select m.space_id, m.user_id, rp.code, 'role'::text as source, null::bigint as group_id
from memberships m
join spaces s on s.id = m.space_id
join role_permissions rp on rp.role = m.role
join permissions p on p.code = rp.code and p.applies_to in (s.kind, 'any')
union all
select m.space_id, m.user_id, p.code, 'role', null
from memberships m
join spaces s on s.id = m.space_id
join permissions p on p.applies_to in (s.kind, 'any')
where m.role = 'owner'
union all
select m.space_id, m.user_id, sp.code, 'role', null
from memberships m
join space_permissions sp on sp.space_id = m.space_id
where m.role = 'owner'
union all
select mg.space_id, mg.user_id, gp.code, 'group', mg.group_id
from member_groups mg
join group_permissions gp on gp.group_id = mg.group_id
union all
select mp.space_id, mp.user_id, mp.code, 'direct', null
from member_permissions mp;

comment on view member_effective_permissions is
    'One row per (member, code, source). distinct code over a member = their effective permissions.';

-- Audit log of every mutation of a space and its content. Append-only: UPDATE, DELETE and TRUNCATE
-- are refused by triggers. space_id has no foreign key on purpose: the events of a deleted space stay.
create table audit_events (
    id          bigint generated always as identity primary key,
    space_id    bigint      not null,
    actor_id    bigint,
    action      text        not null,
    entity_type text        not null,
    entity_id   text,
    before      jsonb,
    after       jsonb,
    request_id  text,
    ip          text,
    created_at  timestamptz not null default now(),
    constraint audit_events_action_shape check (action ~ '^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$')
);

create index audit_events_space_id on audit_events (space_id, id desc);
create index audit_events_space_action on audit_events (space_id, action, id desc);
create index audit_events_space_actor on audit_events (space_id, actor_id, id desc);
create index audit_events_space_created on audit_events (space_id, created_at);

create function refuse_audit_change() returns trigger
language plpgsql as $$
begin
    raise exception 'audit_events is append-only' using errcode = '42501';
end;
$$;

create trigger audit_events_append_only before update or delete on audit_events
    for each row execute function refuse_audit_change();
create trigger audit_events_no_truncate before truncate on audit_events
    for each statement execute function refuse_audit_change();

-- Creates a space with its owner (and, for a project, the default groups lead/developer/tester),
-- so that every way of creating one (the API, sign-up with organization_name) does the same.
create function create_space(p_kind text, p_name text, p_description text, p_visibility text, p_owner_id bigint)
returns bigint
language plpgsql as $$
declare
    new_id bigint;
    g bigint;
begin
    insert into spaces (kind, name, description, visibility, owner_id)
    values (p_kind, btrim(p_name), p_description, coalesce(p_visibility, 'private'), p_owner_id)
    returning id into new_id;

    insert into memberships (space_id, user_id, role) values (new_id, p_owner_id, 'owner');

    if p_kind = 'project' then
        insert into space_groups (space_id, name, description)
        values (new_id, 'lead', 'Creates top-level tasks and subtasks anywhere, edits and assigns any task, reviews.')
        returning id into g;
        insert into group_permissions (space_id, group_id, code)
        select new_id, g, unnest(array['tasks.create_root', 'tasks.create_subtask_any', 'tasks.create_subtask_own',
                                       'tasks.edit_any', 'tasks.edit_own', 'tasks.assign', 'tasks.review', 'tasks.comment']);

        insert into space_groups (space_id, name, description)
        values (new_id, 'developer', 'Creates subtasks under own tasks, edits and moves own tasks, comments.')
        returning id into g;
        insert into group_permissions (space_id, group_id, code)
        select new_id, g, unnest(array['tasks.create_subtask_own', 'tasks.edit_own', 'tasks.comment']);

        insert into space_groups (space_id, name, description)
        values (new_id, 'tester', 'Reviews (moves review to done or back to in_progress) and comments.')
        returning id into g;
        insert into group_permissions (space_id, group_id, code)
        select new_id, g, unnest(array['tasks.review', 'tasks.comment']);
    end if;

    return new_id;
end;
$$;

insert into permissions (code, applies_to, description) values
    ('space.update',            'any',          'Change the name, description, visibility and settings of the space.'),
    ('space.delete',            'any',          'Delete the space.'),
    ('members.manage',          'any',          'Add, remove and change members and their groups; create user accounts in an organization.'),
    ('groups.manage',           'any',          'Create, change and delete groups and their permissions.'),
    ('permissions.manage',      'any',          'Create and delete custom permissions.'),
    ('permissions.grant',       'any',          'Switch direct permissions of members on and off.'),
    ('join_requests.review',    'any',          'See, approve and reject join requests.'),
    ('invitations.manage',      'any',          'Invite people and revoke invitations.'),
    ('audit.read',              'any',          'Read the audit log.'),
    ('contacts.manage_all',     'organization', 'Change and delete any contact, not only one''s own.'),
    ('deals.manage_all',        'organization', 'Change and delete any deal, not only one''s own.'),
    ('deals.stage_rollback',    'organization', 'Move a deal''s stage backwards.'),
    ('deal_tasks.manage_all',   'organization', 'Create, change and delete tasks on any deal.'),
    ('documents.manage_own',    'organization', 'Upload, download and delete one''s own documents.'),
    ('documents.send',          'organization', 'Send and forward documents.'),
    ('documents.create',        'organization', 'Create documents.'),
    ('documents.sign',          'organization', 'Sign documents.'),
    ('documents.manage_all',    'organization', 'See and manage every document of the organization.'),
    ('statistics.view',         'organization', 'See document statistics.'),
    ('tasks.create_root',       'project',      'Create top-level tasks.'),
    ('tasks.create_subtask_any','project',      'Create subtasks under any task.'),
    ('tasks.create_subtask_own','project',      'Create subtasks under one''s own tasks.'),
    ('tasks.edit_any',          'project',      'Edit and move any task.'),
    ('tasks.edit_own',          'project',      'Edit and move one''s own tasks (created by or assigned to one).'),
    ('tasks.assign',            'project',      'Assign tasks to members.'),
    ('tasks.review',            'project',      'Move tasks out of review (to done or back to in_progress).'),
    ('tasks.comment',           'project',      'Comment on tasks.'),
    ('tasks.delete',            'project',      'Delete tasks with their subtasks.');

-- admin: everything inside the space but ownership (transfer is checked as "is owner").
insert into role_permissions (role, code)
select 'admin', code from permissions;

-- manager: all content, none of the space's settings, members, groups or permissions.
insert into role_permissions (role, code) values
    ('manager', 'contacts.manage_all'),
    ('manager', 'deals.manage_all'),
    ('manager', 'deal_tasks.manage_all'),
    ('manager', 'documents.manage_own'),
    ('manager', 'documents.send'),
    ('manager', 'documents.create'),
    ('manager', 'documents.sign'),
    ('manager', 'documents.manage_all'),
    ('manager', 'statistics.view'),
    ('manager', 'tasks.create_root'),
    ('manager', 'tasks.create_subtask_any'),
    ('manager', 'tasks.create_subtask_own'),
    ('manager', 'tasks.edit_any'),
    ('manager', 'tasks.edit_own'),
    ('manager', 'tasks.assign'),
    ('manager', 'tasks.review'),
    ('manager', 'tasks.comment'),
    ('manager', 'tasks.delete');

-- member: reads everything and changes what they own; no role permissions. Rights such as the
-- seven document rights are switched on per member (direct grants) or through groups.
