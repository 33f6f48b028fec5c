-- Shop (brief 003): orders. An order, its items at the listed price of that moment and its payment details
-- (1:1) are written in one transaction. The total is never stored: it is sum(price) over the items, so it
-- cannot drift from them. Orders are archived, never deleted (archive needs orders.delete); archived orders
-- leave every list.

create table shop_orders (
    id          bigint generated always as identity primary key,
    buyer_id    bigint      not null references users (id) on delete restrict,
    currency    text        not null,
    note        text,
    archived_at timestamptz,
    archived_by bigint      references users (id) on delete set null,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    constraint shop_orders_currency_shape check (currency ~ '^[A-Z]{3}$'),
    constraint shop_orders_note_length check (note is null or length(note) <= 2000),
    constraint shop_orders_archived_by_needs_archived_at check (archived_by is null or archived_at is not null),
    -- target of the items' composite foreign key: every item is in the order's currency
    constraint shop_orders_id_currency unique (id, currency)
);

comment on table shop_orders is 'Orders of the shop; the total is the sum of the items, computed on read.';

create index shop_orders_buyer_live on shop_orders (buyer_id, created_at desc, id desc) where archived_at is null;
create index shop_orders_live on shop_orders (created_at desc, id desc) where archived_at is null;
create index shop_orders_archived_by on shop_orders (archived_by) where archived_by is not null;

create trigger shop_orders_set_updated_at before update on shop_orders
    for each row execute function set_updated_at();

create table shop_order_items (
    id           bigint generated always as identity primary key,
    order_id     bigint        not null,
    currency     text          not null,
    project_id   bigint        references spaces (id) on delete set null,
    creator_id   bigint        references shop_creators (id) on delete set null,
    project_name text          not null,
    price        numeric(14,2) not null,
    constraint shop_order_items_order_currency_fkey foreign key (order_id, currency)
        references shop_orders (id, currency) on delete cascade,
    constraint shop_order_items_price_positive check (price > 0),
    constraint shop_order_items_once_per_order unique (order_id, project_id)
);

comment on table shop_order_items is 'What an order bought, at the price of that moment; project_name keeps the name if the project goes.';

create index shop_order_items_project on shop_order_items (project_id) include (price, currency);
create index shop_order_items_creator on shop_order_items (creator_id);

create table shop_order_payments (
    order_id   bigint      primary key references shop_orders (id) on delete cascade,
    status     text        not null default 'pending',
    provider   text,
    reference  text,
    paid_at    timestamptz,
    updated_at timestamptz not null default now(),
    constraint shop_order_payments_status check (status in ('pending', 'paid', 'failed', 'refunded')),
    constraint shop_order_payments_paid_at check (status not in ('paid', 'refunded') or paid_at is not null),
    constraint shop_order_payments_provider_length check (provider is null or length(provider) <= 100),
    constraint shop_order_payments_reference_length check (reference is null or length(reference) <= 200)
);

comment on table shop_order_payments is 'Payment details of an order (1:1), written with the order and changed with it; shown to staff only.';

create index shop_order_payments_status on shop_order_payments (status, order_id);

create trigger shop_order_payments_set_updated_at before update on shop_order_payments
    for each row execute function set_updated_at();

-- Popularity: shop_listings.orders_count = items of live orders naming the project. Items are only ever
-- inserted (orders are archived, not deleted); archiving takes an order's items out of the count.
create function shop_order_items_count() returns trigger
language plpgsql as $$
begin
    update shop_listings l
    set orders_count = l.orders_count + n.items
    from (select project_id, count(*) as items from new_items where project_id is not null group by project_id) n
    where l.project_id = n.project_id;
    return null;
end;
$$;

create trigger shop_order_items_count after insert on shop_order_items
    referencing new table as new_items
    for each statement execute function shop_order_items_count();

create function shop_orders_archive_count() returns trigger
language plpgsql as $$
begin
    if (old.archived_at is null) <> (new.archived_at is null) then
        update shop_listings l
        set orders_count = l.orders_count + case when new.archived_at is null then 1 else -1 end
        from shop_order_items i
        where i.order_id = new.id and l.project_id = i.project_id;
    end if;
    return null;
end;
$$;

create trigger shop_orders_archive_count after update of archived_at on shop_orders
    for each row execute function shop_orders_archive_count();

-- A project listed again starts from the orders it already has.
create function shop_listings_initial_count() returns trigger
language plpgsql as $$
begin
    new.orders_count := (select count(*)
                         from shop_order_items i
                         join shop_orders o on o.id = i.order_id
                         where i.project_id = new.project_id and o.archived_at is null);
    return new;
end;
$$;

create trigger shop_listings_initial_count before insert on shop_listings
    for each row execute function shop_listings_initial_count();
