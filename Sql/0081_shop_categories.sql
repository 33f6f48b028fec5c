-- Shop (brief 003): categories of the projects on sale. Reading is public; writing needs the platform
-- permission categories.manage. A category that listings use cannot be deleted (the listings' foreign key
-- restricts it, see 0083).

create table shop_categories (
    id          bigint generated always as identity primary key,
    name        text        not null,
    description text,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    constraint shop_categories_name_length check (length(btrim(name)) between 1 and 100),
    constraint shop_categories_description_length check (description is null or length(description) <= 2000)
);

comment on table shop_categories is 'Categories of the shop; names unique without regard to case.';

create unique index shop_categories_name_key on shop_categories (lower(name));

create trigger shop_categories_set_updated_at before update on shop_categories
    for each row execute function set_updated_at();
