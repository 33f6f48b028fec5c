-- Platform permissions (brief 003): rights over the whole service rather than one space, such as managing
-- the shop's categories or seeing every order. Staff (users.is_staff) hold all of them; anyone else holds
-- what a holder of users.manage granted them. Every grant and revocation leaves a row in
-- platform_audit_events, which is append-only like audit_events but has no space.

create table platform_permissions (
    code        text primary key,
    description text not null,
    constraint platform_permissions_code_shape check (code ~ '^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$')
);

comment on table platform_permissions is 'The catalog of platform permission codes; is_staff users hold every one of them.';

insert into platform_permissions (code, description) values
    ('categories.manage',  'Create, change and delete shop categories.'),
    ('orders.view_all',    'See every order, not only one''s own.'),
    ('orders.delete',      'Archive orders (the brief''s delete_order).'),
    ('donations.view_all', 'See every donation, not only one''s own.'),
    ('donations.delete',   'Archive donations (the brief''s delete_donat).'),
    ('users.manage',       'Grant and revoke platform permissions of any user.');

create table platform_grants (
    user_id    bigint      not null references users (id) on delete cascade,
    permission text        not null references platform_permissions (code) on delete cascade,
    granted_by bigint      references users (id) on delete set null,
    granted_at timestamptz not null default now(),
    primary key (user_id, permission)
);

comment on table platform_grants is 'Platform permissions given to one user by a holder of users.manage (staff hold all without rows).';

create index platform_grants_permission on platform_grants (permission);
create index platform_grants_granted_by on platform_grants (granted_by);

-- THE definition of a user's platform permissions: every code for staff, else their grants.
create view user_platform_permissions as
select u.id as user_id, p.code
from users u
cross join platform_permissions p
where u.is_staff
union
select g.user_id, g.permission
from platform_grants g;

comment on view user_platform_permissions is 'Effective platform permissions: staff hold every code; others hold their platform_grants.';

create table platform_audit_events (
    id          bigint generated always as identity primary key,
    actor_id    bigint,
    action      text        not null,
    entity_type text        not null,
    entity_id   text,
    before      jsonb,
    after       jsonb,
    request_id  text,
    ip          text,
    created_at  timestamptz not null default now(),
    constraint platform_audit_events_action_shape check (action ~ '^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$')
);

comment on table platform_audit_events is 'Append-only audit of platform changes (grants, categories, order and donation changes); actor_id is kept even when the user is gone.';

create index platform_audit_events_entity on platform_audit_events (entity_type, entity_id, id desc);
create index platform_audit_events_actor on platform_audit_events (actor_id, id desc);

create function refuse_platform_audit_change() returns trigger
language plpgsql as $$
begin
    raise exception 'platform_audit_events is append-only' using errcode = '42501';
end;
$$;

create trigger platform_audit_events_append_only before update or delete on platform_audit_events
    for each row execute function refuse_platform_audit_change();
create trigger platform_audit_events_no_truncate before truncate on platform_audit_events
    for each statement execute function refuse_platform_audit_change();

-- Written and read by the API, never changed or removed (as audit_events, 0040).
revoke update, delete, truncate on platform_audit_events from atrium_app;
