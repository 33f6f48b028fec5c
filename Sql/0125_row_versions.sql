-- Entity tags of the resources a team edits at once (docs/decisions.md, "Entity tags"): a version per row, bumped by a trigger in the
-- same statement as any UPDATE of the row, whichever path makes it (a PATCH, a stage or status change, a transfer
-- of ownership, a send). The tag a client holds is "<id>-<version>", so a change by any path makes it stale.
-- Adding a column with a constant default rewrites no table.

create function bump_row_version() returns trigger
language plpgsql as $$
begin
    new.version := old.version + 1;
    return new;
end;
$$;

alter table crm_contacts add column version integer not null default 1;
create trigger crm_contacts_bump_version before update on crm_contacts
    for each row execute function bump_row_version();

alter table crm_deals add column version integer not null default 1;
create trigger crm_deals_bump_version before update on crm_deals
    for each row execute function bump_row_version();

alter table spaces add column version integer not null default 1;
create trigger spaces_bump_version before update on spaces
    for each row execute function bump_row_version();

alter table space_groups add column version integer not null default 1;
create trigger space_groups_bump_version before update on space_groups
    for each row execute function bump_row_version();

alter table documents add column version integer not null default 1;
create trigger documents_bump_version before update on documents
    for each row execute function bump_row_version();

-- A group's permissions are part of the group as it is read: adding or taking one is a new version of the group.
create function space_groups_permissions_changed() returns trigger
language plpgsql as $$
begin
    update space_groups set version = version + 1
    where id = coalesce(new.group_id, old.group_id);
    return null;
end;
$$;

create trigger group_permissions_bump_group after insert or delete on group_permissions
    for each row execute function space_groups_permissions_changed();
