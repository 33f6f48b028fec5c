-- The permission engine now reads memberships.access_tokens for every check (one index lookup of the
-- membership and the codes of its tokens) instead of aggregating member_effective_permissions per request.
-- The view stays the one definition; the triggers keep the column equal to it in the same transaction.

comment on column memberships.access_tokens is
    'Derived, kept exact by triggers in the same transaction: the tokens of the member''s effective permissions '
    '(member_effective_permissions) and the negated ids of their groups. Read by every permission check and by '
    'the members filter; the view remains the definition.';
