-- Documents of an organization (brief 002): a secure exchange inside a closed perimeter. A document
-- has a status, an author and ONE responsible party (a member or a department = a group of the
-- organization), versions of encrypted content, a history of every send and status change, and
-- signatures. Every table carries organization_id; references to groups are composite foreign keys,
-- so the database refuses a document whose department lives in another organization.

-- The seven switchable rights are in the catalog since 0002; reading every document is new.
insert into permissions (code, applies_to, description) values
    ('documents.read_all', 'organization', 'Read every document of the organization (content, history, signatures).');

-- Role defaults (see docs/decisions.md): owner all (implicitly); admin all; manager all document rights
-- and statistics but not members or grants; member none of the seven, so each right is switched on
-- per person (direct grant) or per department (group) and switched off again the same way.
insert into role_permissions (role, code) values
    ('admin', 'documents.read_all'),
    ('manager', 'documents.read_all');

-- Full-text terms of a document's title and description, Russian and English stemming together
-- (a query is matched in both configurations).
create function document_terms(p_title text, p_description text) returns tsvector
language sql immutable parallel safe as $$
    select setweight(to_tsvector('russian', coalesce(p_title, '')), 'A')
        || setweight(to_tsvector('english', coalesce(p_title, '')), 'A')
        || setweight(to_tsvector('russian', coalesce(p_description, '')), 'B')
        || setweight(to_tsvector('english', coalesce(p_description, '')), 'B')
$$;

create function document_text_terms(p_text text) returns tsvector
language sql immutable parallel safe as $$
    select to_tsvector('russian', coalesce(p_text, '')) || to_tsvector('english', coalesce(p_text, ''))
$$;

create table documents (
    id                   bigint generated always as identity primary key,
    organization_id      bigint      not null references spaces (id) on delete cascade,
    title                text        not null,
    description          text,
    status               text        not null default 'draft',
    author_id            bigint      not null references users (id) on delete restrict,
    responsible_user_id  bigint      references users (id) on delete restrict,
    responsible_group_id bigint,
    current_version      integer     not null default 0,
    -- lexemes of the latest version's text content (text/* only); the content itself stays encrypted
    content_terms        tsvector    not null default ''::tsvector,
    search               tsvector    generated always as (document_terms(title, description) || content_terms) stored,
    created_at           timestamptz not null default now(),
    updated_at           timestamptz not null default now(),
    signed_at            timestamptz,
    constraint documents_status check (status in ('draft', 'sent', 'in_review', 'signed', 'rejected', 'archived')),
    constraint documents_title_length check (length(btrim(title)) between 1 and 300),
    constraint documents_description_length check (description is null or length(description) <= 5000),
    -- exactly one responsible party: a user or a group
    constraint documents_one_responsible check ((responsible_user_id is null) <> (responsible_group_id is null)),
    constraint documents_group_fk foreign key (organization_id, responsible_group_id)
        references space_groups (space_id, id) on delete restrict,
    constraint documents_organization_id_id unique (organization_id, id)
);

comment on table documents is 'Documents of an organization. Responsible party: responsible_user_id XOR responsible_group_id.';
comment on column documents.current_version is 'Number of the latest version (0 while the first upload is being written).';

create index documents_org_created on documents (organization_id, created_at desc, id desc)
    include (status, responsible_user_id, responsible_group_id);
create index documents_org_author on documents (organization_id, author_id, created_at desc);
create index documents_org_resp_user on documents (organization_id, responsible_user_id, created_at desc) where responsible_user_id is not null;
create index documents_org_resp_group on documents (organization_id, responsible_group_id, created_at desc) where responsible_group_id is not null;
create index documents_org_status on documents (organization_id, status);
create index documents_org_signed on documents (organization_id, signed_at) where signed_at is not null;
create index documents_author_id on documents (author_id);
create index documents_responsible_user_id on documents (responsible_user_id);
create index documents_search on documents using gin (search);

create trigger documents_set_updated_at before update on documents
    for each row execute function set_updated_at();

-- One version of a document's content. The content is encrypted with a data key of its own
-- (AES-256-GCM), wrapped by the master key named key_id. Chunks carry the ciphertext.
create table document_versions (
    id             bigint generated always as identity primary key,
    document_id    bigint      not null references documents (id) on delete cascade,
    number         integer     not null,
    file_name      text        not null,
    content_type   text        not null,
    size_bytes     bigint      not null default 0,
    sha256         bytea,
    key_id         text        not null,
    wrapped_key    bytea       not null,
    base_nonce     bytea       not null,
    chunk_size     integer     not null,
    storage        text        not null default 'postgres',
    created_by     bigint      not null references users (id) on delete restrict,
    created_at     timestamptz not null default now(),
    constraint document_versions_number unique (document_id, number),
    constraint document_versions_file_name_length check (length(file_name) between 1 and 255),
    constraint document_versions_size check (size_bytes >= 0),
    constraint document_versions_sha256_length check (sha256 is null or length(sha256) = 32),
    constraint document_versions_base_nonce_length check (length(base_nonce) = 12),
    constraint document_versions_storage check (storage in ('postgres', 'folder'))
);

create index document_versions_created_by on document_versions (created_by);

-- Encrypted content, chunk by chunk (ciphertext || 16-byte tag). Nonce of chunk i = base_nonce xor i.
create table document_chunks (
    version_id bigint  not null references document_versions (id) on delete cascade,
    index      integer not null,
    data       bytea   not null,
    primary key (version_id, index),
    constraint document_chunks_index check (index >= 0)
);

alter table document_chunks alter column data set storage external; -- already encrypted: compression cannot help

-- Every send, forward and status change of a document.
create table document_history (
    id              bigint generated always as identity primary key,
    document_id     bigint      not null references documents (id) on delete cascade,
    action          text        not null,
    actor_id        bigint      references users (id) on delete set null,
    from_status     text,
    to_status       text,
    from_user_id    bigint      references users (id) on delete set null,
    from_group_id   bigint      references space_groups (id) on delete set null,
    to_user_id      bigint      references users (id) on delete set null,
    to_group_id     bigint      references space_groups (id) on delete set null,
    note            text,
    created_at      timestamptz not null default now(),
    constraint document_history_action check (action in ('created', 'sent', 'status_changed', 'signed', 'version_added', 'responsibility_returned')),
    constraint document_history_note_length check (note is null or length(note) <= 2000)
);

create index document_history_document on document_history (document_id, id);
create index document_history_actor_id on document_history (actor_id);
create index document_history_from_user_id on document_history (from_user_id);
create index document_history_to_user_id on document_history (to_user_id);
create index document_history_from_group_id on document_history (from_group_id);
create index document_history_to_group_id on document_history (to_group_id);

-- People a document passed through (senders, recipients, signers): they keep read-only access.
create table document_participants (
    document_id bigint not null references documents (id) on delete cascade,
    user_id     bigint not null references users (id) on delete cascade,
    primary key (document_id, user_id)
);

create index document_participants_user on document_participants (user_id, document_id);

-- A person's ECDSA P-256 key pair, made on first use. The private key (PKCS#8) is encrypted with
-- AES-256-GCM under the master key named key_id.
create table user_signing_keys (
    user_id        bigint primary key references users (id) on delete cascade,
    public_key_pem text        not null,
    key_id         text        not null,
    wrapped_private_key bytea  not null,
    created_at     timestamptz not null default now()
);

create table document_signatures (
    id              bigint generated always as identity primary key,
    organization_id bigint      not null,
    document_id     bigint      not null,
    version_id      bigint      not null references document_versions (id) on delete cascade,
    version_number  integer     not null,
    sha256          bytea       not null,
    signer_id       bigint      not null references users (id) on delete restrict,
    signed_at       timestamptz not null,
    signature       bytea       not null,
    constraint document_signatures_one_per_signer unique (version_id, signer_id),
    constraint document_signatures_document_fk foreign key (organization_id, document_id)
        references documents (organization_id, id) on delete cascade
);

create index document_signatures_document on document_signatures (document_id, id);
create index document_signatures_signer_id on document_signatures (signer_id);
create index document_signatures_org_signed on document_signatures (organization_id, signed_at);

-- A department that is deleted hands its documents back to their authors (with a history row),
-- so that the one-responsible rule holds and no document is left without an owner.
create function documents_release_group() returns trigger
language plpgsql as $$
begin
    insert into document_history (document_id, action, from_group_id, to_user_id, note)
    select d.id, 'responsibility_returned', null, d.author_id, 'The responsible group was deleted.'
    from documents d
    where d.organization_id = old.space_id and d.responsible_group_id = old.id;

    update documents
    set responsible_group_id = null, responsible_user_id = author_id
    where organization_id = old.space_id and responsible_group_id = old.id;
    return old;
end;
$$;

create trigger space_groups_release_documents before delete on space_groups
    for each row execute function documents_release_group();
