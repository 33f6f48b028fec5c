-- Identity: the accounts of Atrium.
-- E-mail and username are unique without regard to case (unique indexes on lower()),
-- but are stored as the person typed them.

create function set_updated_at() returns trigger
language plpgsql as $$
begin
    new.updated_at := now();
    return new;
end;
$$;

comment on function set_updated_at() is 'Row trigger: keeps updated_at equal to the time of the last UPDATE.';

create table users (
    id                 bigint generated always as identity primary key,
    email              text        not null,
    username           text,
    password_hash      text,
    name               text,
    position           text,
    birth_date         date,
    email_confirmed_at timestamptz,
    is_staff           boolean     not null default false,
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now(),
    constraint users_email_shape check (email ~ '^[^@\s]+@[^@\s]+$' and length(email) <= 254),
    constraint users_username_shape check (username is null or username ~ '^[A-Za-z0-9_.-]{3,32}$'),
    constraint users_name_length check (name is null or length(name) <= 200),
    constraint users_position_length check (position is null or length(position) <= 200)
);

comment on table users is 'Accounts. password_hash is null for an account created by an administrator until its owner sets a password.';
comment on column users.password_hash is 'BCrypt hash ($2a$/$2b$, cost inside); upgraded to the configured cost on the next successful login.';
comment on column users.is_staff is 'Platform staff: holds the platform permissions (categories, all orders and donations, users).';

create unique index users_email_key on users (lower(email));
create unique index users_username_key on users (lower(username)) where username is not null;

create trigger users_set_updated_at before update on users
    for each row execute function set_updated_at();
