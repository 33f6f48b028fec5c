-- A listing sells a project in its owner's name (shop_listings.creator_id is the owner's creator profile).
-- When the project changes hands, the listing would go on crediting the previous owner, who no longer
-- owns it: it leaves the shop in the same transaction, as a deleted project's does (0087). The new owner
-- lists it again under their own profile; orders and donations keep their items.

create function shop_listings_leave_on_new_owner() returns trigger
language plpgsql as $$
begin
    delete from shop_listings where project_id = new.id;
    return null;
end;
$$;

create trigger spaces_leave_the_shop_on_new_owner after update of owner_id on spaces
    for each row when (old.owner_id is distinct from new.owner_id)
    execute function shop_listings_leave_on_new_owner();
