-- The API connects as atrium_app: it reads and writes rows, and nothing more. It owns no object, so it
-- can neither change the schema nor switch the audit triggers off, and the audit trail is append-only
-- for it by privilege as well as by trigger. Migrations run as the owner of the schema
-- (ConnectionStrings:PostgresMigrations); the provisioning (scripts/stack.sh, docker-compose.yml,
-- deploy/k8s) creates both login roles. Where atrium_app does not exist yet it is made here without a
-- login, so that the grants below always have a grantee.
do $$
begin
    if not exists (select 1 from pg_roles where rolname = 'atrium_app') then
        create role atrium_app nologin;
    end if;
end
$$;

-- Nobody but the owner creates objects in the schema (already so by default since PostgreSQL 15).
revoke create on schema public from public;
grant usage on schema public to atrium_app;

grant select, insert, update, delete on all tables in schema public to atrium_app;
grant usage, select on all sequences in schema public to atrium_app;

-- Tables and sequences the owner creates in later migrations get the same rights.
alter default privileges in schema public grant select, insert, update, delete on tables to atrium_app;
alter default privileges in schema public grant usage, select on sequences to atrium_app;

-- Audit events are written and read, never changed or removed.
revoke update, delete, truncate on audit_events from atrium_app;

-- The migration journal is the owner's business.
revoke all on schemaversions from atrium_app;
