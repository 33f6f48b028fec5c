-- CRM of an organization (brief 001): contacts, deals, deal tasks and the activity timeline of a deal.
-- Every table carries organization_id, and every reference between CRM rows is a composite foreign key
-- (organization_id, id), so the database itself refuses a deal whose contact lives in another
-- organization, a task or an activity on another organization's deal.

-- Position of a stage in the pipeline qualification → proposal → negotiation → closed (null: not a stage).
create function crm_stage_rank(p_stage text) returns integer
language sql immutable parallel safe as $$
    select array_position(array['qualification', 'proposal', 'negotiation', 'closed'], p_stage)
$$;

create table crm_contacts (
    id              bigint generated always as identity primary key,
    organization_id bigint      not null references spaces (id) on delete cascade,
    owner_id        bigint      not null references users (id) on delete restrict,
    name            text        not null,
    email           text,
    phone           text,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    constraint crm_contacts_name_length check (length(btrim(name)) between 1 and 200),
    constraint crm_contacts_email_shape check (email is null or (email ~ '^[^@\s]+@[^@\s]+$' and length(email) <= 254)),
    constraint crm_contacts_phone_shape check (phone is null or phone ~ '^\+?[0-9][0-9 ().-]{2,31}$'),
    -- target of the composite foreign key of crm_deals
    constraint crm_contacts_organization_id_id unique (organization_id, id)
);

comment on table crm_contacts is 'People and companies an organization does business with. owner_id is the member responsible for the contact.';

create index crm_contacts_organization_created on crm_contacts (organization_id, created_at desc, id desc);
create index crm_contacts_organization_owner on crm_contacts (organization_id, owner_id);
create index crm_contacts_owner_id on crm_contacts (owner_id);
-- GET /contacts?search= : case-insensitive substring over name and e-mail, one trigram index for both.
create index crm_contacts_search_trgm on crm_contacts
    using gin ((lower(name || ' ' || coalesce(email, ''))) gin_trgm_ops);

create trigger crm_contacts_set_updated_at before update on crm_contacts
    for each row execute function set_updated_at();

create table crm_deals (
    id              bigint generated always as identity primary key,
    organization_id bigint        not null references spaces (id) on delete cascade,
    contact_id      bigint        not null,
    owner_id        bigint        not null references users (id) on delete restrict,
    title           text          not null,
    amount          numeric(14,2) not null default 0,
    currency        text          not null,
    status          text          not null default 'new',
    stage           text          not null default 'qualification',
    furthest_stage  text          not null default 'qualification',
    created_at      timestamptz   not null default now(),
    updated_at      timestamptz   not null default now(),
    -- on delete restrict: a contact that has deals cannot be deleted (the API answers 409 contact_has_deals first)
    constraint crm_deals_contact_fk foreign key (organization_id, contact_id)
        references crm_contacts (organization_id, id) on delete restrict,
    constraint crm_deals_title_length check (length(btrim(title)) between 1 and 200),
    constraint crm_deals_amount_not_negative check (amount >= 0),
    constraint crm_deals_currency_iso4217 check (currency ~ '^[A-Z]{3}$'),
    constraint crm_deals_status check (status in ('new', 'in_progress', 'won', 'lost')),
    constraint crm_deals_stage check (crm_stage_rank(stage) is not null),
    constraint crm_deals_furthest_stage check (crm_stage_rank(furthest_stage) >= crm_stage_rank(stage)),
    constraint crm_deals_won_amount_positive check (status <> 'won' or amount > 0),
    constraint crm_deals_organization_id_id unique (organization_id, id)
);

comment on table crm_deals is 'Deals of an organization, each with a contact of the same organization.';
comment on column crm_deals.furthest_stage is
    'The furthest pipeline stage the deal has ever held: the summary of its stage history (creation stage and '
    'every stage_changed activity), kept by the UpdateStage slice in the same transaction. The funnel reads it.';

-- Analytics (summary and funnel) and the status filter: index-only scans per organization.
create index crm_deals_organization_status on crm_deals (organization_id, status)
    include (amount, stage, furthest_stage, created_at);
-- The list's orders, each with id as the tie-breaker.
create index crm_deals_organization_created on crm_deals (organization_id, created_at desc, id desc);
create index crm_deals_organization_updated on crm_deals (organization_id, updated_at desc, id desc);
create index crm_deals_organization_amount on crm_deals (organization_id, amount desc, id desc);
create index crm_deals_organization_stage on crm_deals (organization_id, stage);
create index crm_deals_organization_owner on crm_deals (organization_id, owner_id);
create index crm_deals_contact on crm_deals (organization_id, contact_id);
create index crm_deals_owner_id on crm_deals (owner_id);

create trigger crm_deals_set_updated_at before update on crm_deals
    for each row execute function set_updated_at();

create table crm_deal_tasks (
    id              bigint generated always as identity primary key,
    organization_id bigint      not null,
    deal_id         bigint      not null,
    created_by      bigint      references users (id) on delete set null,
    title           text        not null,
    description     text,
    due_date        date,
    is_done         boolean     not null default false,
    done_at         timestamptz,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    constraint crm_deal_tasks_deal_fk foreign key (organization_id, deal_id)
        references crm_deals (organization_id, id) on delete cascade,
    constraint crm_deal_tasks_title_length check (length(btrim(title)) between 1 and 200),
    constraint crm_deal_tasks_description_length check (description is null or length(description) <= 5000),
    constraint crm_deal_tasks_done_at check ((is_done and done_at is not null) or (not is_done and done_at is null))
);

comment on table crm_deal_tasks is
    'Tasks of a deal. A task belongs to whoever owns its deal: that member may change it (others need deal_tasks.manage_all). '
    'due_date is never set in the past by the API (checked against the UTC date).';

create index crm_deal_tasks_deal on crm_deal_tasks (organization_id, deal_id, due_date);
create index crm_deal_tasks_organization_due on crm_deal_tasks (organization_id, due_date, id);
create index crm_deal_tasks_organization_open on crm_deal_tasks (organization_id, due_date, id) where not is_done;
create index crm_deal_tasks_created_by on crm_deal_tasks (created_by);

create trigger crm_deal_tasks_set_updated_at before update on crm_deal_tasks
    for each row execute function set_updated_at();

create table crm_activities (
    id              bigint generated always as identity primary key,
    organization_id bigint      not null,
    deal_id         bigint      not null,
    author_id       bigint      references users (id) on delete set null,
    type            text        not null,
    payload         jsonb       not null default '{}'::jsonb,
    created_at      timestamptz not null default now(),
    constraint crm_activities_deal_fk foreign key (organization_id, deal_id)
        references crm_deals (organization_id, id) on delete cascade,
    constraint crm_activities_type check (type in ('comment', 'status_changed', 'stage_changed', 'task_created', 'system')),
    constraint crm_activities_payload_object check (jsonb_typeof(payload) = 'object')
);

comment on table crm_activities is
    'The timeline of a deal. Clients post only comments; status_changed, stage_changed ({from, to}), task_created '
    '({task_id, title}) and system events are written by the slices in the transaction of their cause. '
    'author_id is null for system events and after the author''s account is deleted.';

-- GET /deals/{id}/activities: newest first, keyset on id.
create index crm_activities_deal on crm_activities (organization_id, deal_id, id desc);
create index crm_activities_author_id on crm_activities (author_id);
