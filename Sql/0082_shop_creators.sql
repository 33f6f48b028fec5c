-- Shop (brief 003): a creator profile, at most one per user (1:1). A creator lists projects they own.

create table shop_creators (
    id           bigint generated always as identity primary key,
    user_id      bigint      not null references users (id) on delete cascade,
    display_name text        not null,
    bio          text,
    website      text,
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now(),
    constraint shop_creators_user_key unique (user_id),
    constraint shop_creators_display_name_length check (length(btrim(display_name)) between 1 and 100),
    constraint shop_creators_bio_length check (bio is null or length(bio) <= 5000),
    constraint shop_creators_website_shape check (website is null or (website ~ '^https?://\S+$' and length(website) <= 500))
);

comment on table shop_creators is 'Creator profiles of the shop; user_id unique, so one profile per user.';

create trigger shop_creators_set_updated_at before update on shop_creators
    for each row execute function set_updated_at();
