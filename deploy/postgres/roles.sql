-- Run once by the postgres image when its data volume is new (docker-entrypoint-initdb.d), as the
-- superuser: the schema owner, which runs the migrations, and the API's role, which the migrations
-- grant rows-only rights (Sql/0040_api_role.sql). Local development passwords.
create role atrium_owner login password 'atrium_owner';
create role atrium_app login password 'atrium_app';
alter database atrium owner to atrium_owner;
