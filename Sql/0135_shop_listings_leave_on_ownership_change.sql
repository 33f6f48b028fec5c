-- A listing sells a project in its owner's name (shop_listings.creator_id is the owner's creator profile).
-- When the project changes hands, the listing would go on crediting the previous owner, who no longer
-- owns it: it leaves the shop in the same transaction, by the function a deleted project's listing leaves
-- by (0087, it deletes the project's listing). The new owner lists it again under their own profile;
-- orders and donations keep their items.

create trigger spaces_leave_the_shop_on_new_owner after update of owner_id on spaces
    for each row when (old.owner_id is distinct from new.owner_id)
    execute function shop_listings_leave_deleted_project();
