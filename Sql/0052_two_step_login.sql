-- Two-step login: an account can ask for a mailed code after its password at every login. An organization can
-- make it mandatory for its members with settings.require_two_step_login = true (checked at login).
-- The codes themselves live in Redis (hashed, 10 minutes), not here.

alter table users add column two_step_login boolean not null default false;
comment on column users.two_step_login is 'Login asks for a mailed 6-digit code after the password. Turned on by the user; turned off only with a mailed code.';

-- Login asks "is this user in an organization that requires two-step login?": memberships by user exist
-- (memberships_user_id); the organizations that require it are few, found by this partial index.
create index spaces_require_two_step_login on spaces (id)
    where kind = 'organization' and settings @> '{"require_two_step_login": true}';
