-- Outside identities (OpenID Connect / OAuth 2.0 providers) linked to accounts. An account made by an
-- outside sign-in has no password (users.password_hash is null) until its owner sets one.

create table user_identities (
    id                bigint generated always as identity primary key,
    user_id           bigint      not null references users (id) on delete cascade,
    provider          text        not null,
    subject           text        not null,
    email             text,
    email_verified    boolean     not null default false,
    linked_at         timestamptz not null default now(),
    last_signed_in_at timestamptz,
    constraint user_identities_provider_subject_key unique (provider, subject),
    constraint user_identities_user_provider_key unique (user_id, provider),
    constraint user_identities_provider_shape check (provider ~ '^[a-z0-9-]{1,32}$'),
    constraint user_identities_subject_length check (length(subject) between 1 and 255),
    constraint user_identities_email_length check (email is null or length(email) <= 254)
);

comment on table user_identities is 'Outside accounts (provider + subject) a user signs in with; one per provider and user.';
comment on column user_identities.email is 'The address the provider last reported for the outside account.';
comment on column user_identities.email_verified is 'Whether the provider said it had verified that address.';
