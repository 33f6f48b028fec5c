-- Profile pictures. An upload is decoded, cut to a square and re-encoded at each size the API serves; only those
-- encodings are kept (never the uploaded bytes). One row per account says which picture is current; one row per
-- size holds its bytes, so a read fetches only the size asked for.

create table user_avatars (
    user_id    bigint      primary key references users (id) on delete cascade,
    version    text        not null,
    updated_at timestamptz not null default now(),
    constraint user_avatars_version_shape check (version ~ '^[0-9a-f]{16}$')
);

comment on table user_avatars is 'The current profile picture of an account; version names it in URLs and entity tags.';
comment on column user_avatars.version is 'First 16 hex digits of the SHA-256 of the largest encoding: changes when the picture does.';

create table user_avatar_images (
    user_id    bigint   not null references user_avatars (user_id) on delete cascade,
    size       smallint not null,
    image      bytea    not null,
    primary key (user_id, size),
    constraint user_avatar_images_size check (size in (32, 64, 128, 256)),
    constraint user_avatar_images_bytes check (octet_length(image) between 1 and 1048576)
);

-- Already compressed (WebP): keep PostgreSQL from trying again.
alter table user_avatar_images alter column image set storage external;

comment on table user_avatar_images is 'One re-encoded square WebP per served size (pixels) of a profile picture.';

-- Whether two people share a live space (the rule for seeing each other: the people lookup, profile pictures).
-- A plain SQL function, so the planner inlines it into the query that calls it.
create function users_share_live_space(a bigint, b bigint) returns boolean
language sql stable as $$
    select exists (select 1
                   from memberships mine
                   join memberships theirs on theirs.space_id = mine.space_id and theirs.user_id = b
                   join spaces s on s.id = mine.space_id and s.deleted_at is null
                   where mine.user_id = a)
$$;

-- The address of an account's current picture, or null: one definition for every user object the API answers.
create function user_avatar_url(user_id bigint) returns text
language sql stable as $$
    select '/api/v1/users/' || a.user_id || '/avatar?v=' || a.version from user_avatars a where a.user_id = $1
$$;
