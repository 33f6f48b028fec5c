-- Seed for docs/perf/shop.md: 100k listings and 1M orders (about 2M items) on a migrated, empty database.
--   createdb shop_perf; dotnet Api.dll migrate (with ConnectionStrings__Postgres on it); psql -d shop_perf -f docs/perf/shop-seed.sql
set synchronous_commit = off;

insert into users (email, name)
select 'perf' || g || '@example.com', 'Perf ' || g from generate_series(1, 50000) g;

insert into shop_categories (name) select 'Category ' || g from generate_series(1, 50) g;

-- 20k creators (users 1..20000), each owning 5 projects: 100k projects.
insert into shop_creators (user_id, display_name) select u.id, u.name from users u where u.email ~ '^perf([1-9][0-9]{0,3}|1[0-9]{4}|20000)@';

begin;
insert into spaces (kind, name, visibility, owner_id)
select 'project', 'Project ' || md5(g::text), 'public', c.user_id
from shop_creators c, generate_series(1, 5) g;
insert into memberships (space_id, user_id, role) select s.id, s.owner_id, 'owner' from spaces s where s.kind = 'project';
commit;

insert into shop_listings (project_id, creator_id, category_id, price, currency, published, listed_at)
select s.id, c.id, 1 + (s.id % 50), round((1 + random() * 499)::numeric, 2),
       case when s.id % 10 = 0 then 'USD' else 'EUR' end, s.id % 10 <> 9,
       now() - (random() * interval '365 days')
from spaces s join shop_creators c on c.user_id = s.owner_id
where s.kind = 'project';

-- 1M orders of the 30k users who are not creators, 1–3 EUR items each, over the last year.
insert into shop_orders (buyer_id, currency, created_at)
select 20001 + (g % 30000), 'EUR', now() - (random() * interval '365 days')
from generate_series(1, 1000000) g;

create temporary table eur_listings as
select row_number() over () as n, l.project_id, l.creator_id, l.price, s.name
from shop_listings l join spaces s on s.id = l.project_id
where l.published and l.currency = 'EUR';

insert into shop_order_items (order_id, currency, project_id, creator_id, project_name, price)
select o.id, 'EUR', e.project_id, e.creator_id, e.name, e.price
from shop_orders o
cross join lateral generate_series(1, 1 + (o.id % 3)) k
join eur_listings e on e.n = 1 + ((o.id * 7919 + k * 104729) % (select count(*) from eur_listings));

insert into shop_order_payments (order_id, status, paid_at)
select o.id, case when o.id % 4 = 0 then 'pending' else 'paid' end, case when o.id % 4 = 0 then null else o.created_at end
from shop_orders o;

update shop_orders set archived_at = now() where id % 50 = 0;

vacuum analyze;
