-- Deleting a space is a soft delete. The space answers 404 at once everywhere (the permission engine,
-- the directory, "my" lists and invitations all read only live spaces); its owner may restore it for
-- Spaces:RestoreDays; then the worker purges it, and the delete cascades through everything in it.

alter table spaces
    add column deleted_at timestamptz,
    add column deleted_by bigint references users (id) on delete set null;

comment on column spaces.deleted_at is 'When the space was deleted; null while it lives. A deleted space is invisible (404) and purged Spaces:RestoreDays later unless its owner restores it.';
comment on column spaces.deleted_by is 'Who deleted the space.';

-- The purge finds what is due; the foreign key gets its index (partial: almost every row is null).
create index spaces_deleted_at on spaces (deleted_at) where deleted_at is not null;
create index spaces_deleted_by on spaces (deleted_by) where deleted_by is not null;
