-- Shop (brief 003): donations. A donor gives an amount to each of one or more listed projects, in one
-- currency; the donation, its items and its payment details (1:1) are written in one transaction. The total
-- is sum(amount) over the items, never stored. Archived (donations.delete), never deleted.

create table shop_donations (
    id          bigint generated always as identity primary key,
    donor_id    bigint      not null references users (id) on delete restrict,
    currency    text        not null,
    message     text,
    archived_at timestamptz,
    archived_by bigint      references users (id) on delete set null,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    constraint shop_donations_currency_shape check (currency ~ '^[A-Z]{3}$'),
    constraint shop_donations_message_length check (message is null or length(message) <= 2000),
    constraint shop_donations_archived_by_needs_archived_at check (archived_by is null or archived_at is not null),
    constraint shop_donations_id_currency unique (id, currency)
);

comment on table shop_donations is 'Donations to listed projects; the total is the sum of the items, computed on read.';

create index shop_donations_donor_live on shop_donations (donor_id, created_at desc, id desc) where archived_at is null;
create index shop_donations_live on shop_donations (created_at desc, id desc) where archived_at is null;
create index shop_donations_archived_by on shop_donations (archived_by) where archived_by is not null;

create trigger shop_donations_set_updated_at before update on shop_donations
    for each row execute function set_updated_at();

create table shop_donation_items (
    id           bigint generated always as identity primary key,
    donation_id  bigint        not null,
    currency     text          not null,
    project_id   bigint        references spaces (id) on delete set null,
    creator_id   bigint        references shop_creators (id) on delete set null,
    project_name text          not null,
    amount       numeric(14,2) not null,
    constraint shop_donation_items_donation_currency_fkey foreign key (donation_id, currency)
        references shop_donations (id, currency) on delete cascade,
    constraint shop_donation_items_amount_positive check (amount > 0),
    constraint shop_donation_items_once_per_donation unique (donation_id, project_id)
);

create index shop_donation_items_project on shop_donation_items (project_id) include (amount, currency);
create index shop_donation_items_creator on shop_donation_items (creator_id);

create table shop_donation_payments (
    donation_id bigint      primary key references shop_donations (id) on delete cascade,
    status      text        not null default 'pending',
    provider    text,
    reference   text,
    paid_at     timestamptz,
    updated_at  timestamptz not null default now(),
    constraint shop_donation_payments_status check (status in ('pending', 'paid', 'failed', 'refunded')),
    constraint shop_donation_payments_paid_at check (status not in ('paid', 'refunded') or paid_at is not null),
    constraint shop_donation_payments_provider_length check (provider is null or length(provider) <= 100),
    constraint shop_donation_payments_reference_length check (reference is null or length(reference) <= 200)
);

comment on table shop_donation_payments is 'Payment details of a donation (1:1); shown to staff only.';

create index shop_donation_payments_status on shop_donation_payments (status, donation_id);

create trigger shop_donation_payments_set_updated_at before update on shop_donation_payments
    for each row execute function set_updated_at();
