-- Idempotency-Key (Stripe semantics) for POST /orders and POST /donations. A request claims its key by
-- inserting the row (committed at once, outside the change's transaction), so a second request with the same
-- key sees it: in progress (409), another body (422) or done (the stored answer is replayed). Keys live 24 h.

create table idempotency_keys (
    user_id       bigint      not null references users (id) on delete cascade,
    key           text        not null,
    request_hash  bytea       not null,
    status_code   integer,
    response_body text,
    location      text,
    created_at    timestamptz not null default now(),
    completed_at  timestamptz,
    primary key (user_id, key),
    constraint idempotency_keys_key_shape check (length(key) between 1 and 255),
    constraint idempotency_keys_completed check ((status_code is null) = (completed_at is null))
);

comment on table idempotency_keys is 'Claimed Idempotency-Key values per user: SHA-256 of operation and body, and the first answer once done. Expire after 24 h.';
comment on column idempotency_keys.status_code is 'Null while the first request runs; then the status of its (2xx) answer.';

create index idempotency_keys_created_at on idempotency_keys (created_at);
