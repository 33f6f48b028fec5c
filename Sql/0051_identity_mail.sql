-- Trusted e-mail: the language mail is written in, and the single-use codes and links that prove a person
-- reads an address (confirming it, changing to it, resetting or first setting a password).

alter table users add column locale text not null default 'en';
alter table users add constraint users_locale check (locale in ('en', 'ru'));
comment on column users.locale is 'Language of the mail sent to the account (en, ru); from Accept-Language at sign-up, changed with PATCH /me.';

create table account_tokens (
    id          bigint generated always as identity primary key,
    user_id     bigint      not null references users (id) on delete cascade,
    purpose     text        not null,
    email       text        not null,
    code_hash   text,
    token_hash  text        not null,
    attempts    integer     not null default 0,
    expires_at  timestamptz not null,
    used_at     timestamptz,
    created_at  timestamptz not null default now(),
    constraint account_tokens_purpose check (purpose in ('confirm_email', 'change_email', 'password_reset', 'set_password')),
    constraint account_tokens_code_only_for_addresses check ((code_hash is not null) = (purpose in ('confirm_email', 'change_email'))),
    constraint account_tokens_attempts check (attempts >= 0)
);

comment on table account_tokens is 'Single-use proofs sent by mail. Only SHA-256 hashes of the 6-digit code and of the link token are stored. email is the address the mail went to (for change_email, the new address).';
comment on column account_tokens.attempts is 'Wrong codes entered; at the limit the code is dead.';

create unique index account_tokens_token_hash_key on account_tokens (token_hash);
create index account_tokens_user on account_tokens (user_id, purpose);
create index account_tokens_email on account_tokens (lower(email), purpose, id);
