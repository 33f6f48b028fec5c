-- Shop (brief 003): a project on sale. The owner of a project (spaces.owner_id) who has a creator profile
-- lists it with a category, a price and a currency; only published listings appear in the public catalog.
-- orders_count (popularity) is kept by triggers on order items (0084) so the catalog sorts by it on an index.

create table shop_listings (
    project_id   bigint        primary key references spaces (id) on delete cascade,
    creator_id   bigint        not null references shop_creators (id) on delete cascade,
    category_id  bigint        not null,
    price        numeric(14,2) not null,
    currency     text          not null,
    published    boolean       not null default false,
    orders_count bigint        not null default 0,
    listed_at    timestamptz   not null default now(),
    updated_at   timestamptz   not null default now(),
    constraint shop_listings_category_id_fkey foreign key (category_id) references shop_categories (id) on delete restrict,
    constraint shop_listings_price_positive check (price > 0),
    constraint shop_listings_currency_shape check (currency ~ '^[A-Z]{3}$'),
    constraint shop_listings_orders_count_not_negative check (orders_count >= 0)
);

comment on table shop_listings is 'Projects on sale; the project must be of kind project (checked by the slice). A category in use cannot be deleted.';
comment on column shop_listings.orders_count is 'Items of live (not archived) orders naming this project; kept by triggers on shop_order_items and shop_orders.';

create index shop_listings_creator on shop_listings (creator_id);
create index shop_listings_category on shop_listings (category_id);
-- The catalog's sorts, over published listings only: newest, price, popularity. Ties broken by project_id.
create index shop_listings_newest on shop_listings (listed_at desc, project_id desc) where published;
create index shop_listings_price on shop_listings (price, project_id) where published;
create index shop_listings_popularity on shop_listings (orders_count desc, project_id desc) where published;
create index shop_listings_category_newest on shop_listings (category_id, listed_at desc, project_id desc) where published;

create trigger shop_listings_set_updated_at before update on shop_listings
    for each row execute function set_updated_at();
