-- A project that is deleted (soft delete, 0060) leaves the shop at once: its listing goes in the same transaction,
-- as the purge would take it later. Orders and donations keep their items (project name and price of the moment).
-- A restored project is listed again by its owner.

create function shop_listings_leave_deleted_project() returns trigger
language plpgsql as $$
begin
    delete from shop_listings where project_id = new.id;
    return null;
end;
$$;

create trigger spaces_leave_the_shop_when_deleted after update of deleted_at on spaces
    for each row when (old.deleted_at is null and new.deleted_at is not null)
    execute function shop_listings_leave_deleted_project();
