-- Join requests (a user asks to join a public space) and invitations (a space invites a user, or an
-- e-mail address that may not have an account yet).

create table join_requests (
    id         bigint generated always as identity primary key,
    space_id   bigint      not null references spaces (id) on delete cascade,
    user_id    bigint      not null references users (id) on delete cascade,
    status     text        not null default 'pending',
    message    text,
    reason     text,
    decided_by bigint      references users (id) on delete set null,
    decided_at timestamptz,
    created_at timestamptz not null default now(),
    constraint join_requests_status check (status in ('pending', 'approved', 'rejected', 'withdrawn')),
    constraint join_requests_message_length check (message is null or length(message) <= 2000),
    constraint join_requests_reason_length check (reason is null or length(reason) <= 2000),
    -- decided_at is the time of the approval, rejection or withdrawal
    constraint join_requests_decided check ((status = 'pending') = (decided_at is null))
);

comment on table join_requests is 'Requests to join a public space. One pending request per user and space.';

create unique index join_requests_one_pending on join_requests (space_id, user_id) where status = 'pending';
create index join_requests_space_status on join_requests (space_id, status, id desc);
create index join_requests_user_id on join_requests (user_id, id desc);
create index join_requests_decided_by on join_requests (decided_by);

create table invitations (
    id          bigint generated always as identity primary key,
    space_id    bigint      not null references spaces (id) on delete cascade,
    user_id     bigint      references users (id) on delete cascade,
    email       text,
    role        text        not null,
    group_ids   bigint[]    not null default '{}',
    status      text        not null default 'pending',
    invited_by  bigint      references users (id) on delete set null,
    expires_at  timestamptz not null,
    decided_at  timestamptz,
    created_at  timestamptz not null default now(),
    constraint invitations_target check (user_id is not null or email is not null),
    constraint invitations_email_shape check (email is null or (email ~ '^[^@\s]+@[^@\s]+$' and length(email) <= 254)),
    constraint invitations_role check (role in ('admin', 'manager', 'member')),
    constraint invitations_status check (status in ('pending', 'accepted', 'declined', 'revoked', 'expired')),
    constraint invitations_decided check ((status = 'pending') = (decided_at is null)),
    constraint invitations_expiry check (expires_at > created_at)
);

comment on table invitations is
    'Invitations to a space. user_id is null when the address had no account: the person finds it after '
    'registering (GET /me/invitations matches the e-mail). A pending row past expires_at counts as expired; '
    'it is marked so when someone touches it. group_ids are checked against the space when the invitation is made '
    'and again (groups may have been deleted) when it is accepted.';

create unique index invitations_one_pending_user on invitations (space_id, user_id)
    where status = 'pending' and user_id is not null;
create unique index invitations_one_pending_email on invitations (space_id, lower(email))
    where status = 'pending' and email is not null;
create index invitations_space_status on invitations (space_id, status, id desc);
create index invitations_user_pending on invitations (user_id) where status = 'pending';
create index invitations_email_pending on invitations (lower(email)) where status = 'pending';
create index invitations_invited_by on invitations (invited_by);
