#!/usr/bin/env bash
# What a client feels: HTTP load on a Release build against a dataset at volume, with PostgreSQL's own figure
# for the same SQL measured in the same run, written to docs/perf/http.md as ratios.
#   scripts/bench.sh http [--quick]
# --quick: 100k memberships in one project of 100k, 100k deals in one organization, 30k tasks, 5 s per
#          measurement (under five minutes once built); without it 1M memberships (10 projects of 100k),
#          1M deals (10 organizations of 100k), 300k tasks, 15 s per measurement.
# The dataset is kept in its own database (atrium_bench_quick / atrium_bench_full) of a cluster under
# .local/bench-stack, and reused by the next run.
# Use ports of your own: ATRIUM_PG_PORT=55511 ATRIUM_REDIS_PORT=56511 scripts/bench.sh http --quick
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
QUICK=0
for a in "$@"; do [[ "$a" == "--quick" ]] && QUICK=1; done
if [[ $QUICK == 1 ]]; then
    LABEL=quick; PROJECTS=1; ORGS=1; TASKS=30000; SECONDS_EACH=5; WARM_SECONDS=2
else
    LABEL=full; PROJECTS=10; ORGS=10; TASKS=300000; SECONDS_EACH=15; WARM_SECONDS=5
fi
USERS=100000; DEALS_PER_ORG=100000; CONNECTIONS=16
export ATRIUM_DB_NAME="atrium_bench_$LABEL"
# A cluster and a Redis of its own (not the development or test servers), on ports of its own.
export ATRIUM_STACK_DIR="${ATRIUM_BENCH_STACK_DIR:-$PWD/.local/bench-stack}"
export ATRIUM_PG_PORT="${ATRIUM_PG_PORT:-55442}" ATRIUM_REDIS_PORT="${ATRIUM_REDIS_PORT:-56389}"
export ATRIUM_FAST="${ATRIUM_FAST:-1}"
API_PORT="${ATRIUM_BENCH_API_PORT:-5191}"
OUT="${ATRIUM_BENCH_OUT:-docs/perf/http.md}"
WORK=".local/bench-http"
PASSWORD="bench-password-1"
JWT_KEY="bench-only-signing-key-0123456789abcdef0123456789abcdef"
mkdir -p "$WORK"
rm -f "$WORK"/*.txt "$WORK"/pgb*

# shellcheck source=scripts/stack.sh
source scripts/stack.sh
stack_require_dotnet
stack_start
command -v wrk >/dev/null || { stack_log "installing wrk"; apt-get install -y wrk >/dev/null; }
PGBENCH="$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench | head -1)"
export PGPASSWORD=postgres
PSQL=(psql -X -q -h 127.0.0.1 -p "$ATRIUM_PG_PORT" -U postgres -d "$ATRIUM_DB_NAME" -v ON_ERROR_STOP=1)
q() { "${PSQL[@]}" -tA -c "$1"; }

stack_log "building the API (Release)"
dotnet publish Api.csproj -c Release -o "$WORK/api" -p:UseAppHost=false >"$WORK/publish.log" 2>&1 || { tail -30 "$WORK/publish.log"; exit 1; }

API_PID=""
API2_PID=""
cleanup() {
    [[ -n "$API_PID" ]] && kill "$API_PID" 2>/dev/null || true
    [[ -n "$API2_PID" ]] && kill "$API2_PID" 2>/dev/null || true
}
trap cleanup EXIT

# start_api PORT [extra env...]: the Release build, logging warnings only, brute-force limits out of the way.
start_api() {
    local port="$1"; shift
    env ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$port" \
        Logging__LogLevel__Default=Warning Logging__Console__FormatterName=simple \
        Jwt__SigningKey="$JWT_KEY" \
        Encryption__ActiveKeyId=bench-1 Encryption__Keys__bench-1="IME7JtZ15LVwUtpLPArVu25B5YQfOKK1o91IoO2rJHA=" \
        Redis__KeyPrefix="bench:" \
        RateLimits__LoginPerIp__Limit=1000000 RateLimits__LoginPerAccount__Limit=1000000 RateLimits__RegisterPerIp__Limit=1000000 \
        "$@" dotnet "$WORK/api/Api.dll" >"$WORK/api-$port.log" 2>&1 &
    local pid=$!
    for _ in $(seq 1 120); do
        curl -sf "http://127.0.0.1:$port/health/live" >/dev/null && { echo "$pid"; return 0; }
        sleep 0.5
    done
    tail -30 "$WORK/api-$port.log" >&2
    return 1
}

# This API maps the raw-Npgsql twins of the contact reads (Benchmarks:RawTwins, row 1); nothing else turns them on.
API_PID="$(start_api "$API_PORT" Benchmarks__RawTwins=true)"
BASE="http://127.0.0.1:$API_PORT"
q "create table if not exists bench_dataset (label text primary key, loaded_at timestamptz not null default now())"
if [[ -z "$(q "select 1 from bench_dataset where label = '$LABEL'")" ]]; then
    stack_log "loading the dataset ($LABEL): $((PROJECTS * USERS)) memberships, $((ORGS * DEALS_PER_ORG)) deals, $TASKS tasks"
    q "truncate users cascade" >/dev/null
    curl -sf -X POST "$BASE/api/v1/auth/register" -H 'content-type: application/json' \
        -d "{\"email\":\"hash.source@example.com\",\"password\":\"$PASSWORD\",\"name\":\"Hash\"}" >/dev/null
    HASH="$(q "select password_hash from users where email = 'hash.source@example.com'")"
    q "delete from users where email = 'hash.source@example.com'"
    "${PSQL[@]}" -v users="$USERS" -v projects="$PROJECTS" -v orgs="$ORGS" -v deals_per_org="$DEALS_PER_ORG" \
        -v tasks="$TASKS" -v hash="$HASH" -f bench/http/dataset.sql >"$WORK/dataset.log"
    q "vacuum (analyze)" >/dev/null
    q "insert into bench_dataset (label) values ('$LABEL')"
fi

OWNER_ID="$(q "select min(id) from users where email like 'bench%'")"
ORG="$(q "select min(id) from spaces where name = 'Bench org 1'")"
PROJECT="$(q "select min(id) from spaces where name = 'Bench project 1'")"
CONTACT_FIRST="$(q "select min(id) from crm_contacts where organization_id = $ORG")"
CONTACT_LAST="$(q "select max(id) from crm_contacts where organization_id = $ORG")"
GROUP_ID="$(q "select id from space_groups where space_id = $PROJECT and name = 'bench-g3'")"
CODES="$(q "select string_agg(code, ',' order by code) from (select code from permissions where applies_to = 'project' order by code limit 3) c")"
PERMS_QS="$(echo "$CODES" | sed 's/^/permission=/; s/,/\&permission=/g')"
login() {
    curl -sf -X POST "$BASE/api/v1/auth/login" -H 'content-type: application/json' \
        -d "{\"email\":\"$1\",\"password\":\"$PASSWORD\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}
TOKEN="$(login bench1@example.com)"
AUTH="Authorization: Bearer $TOKEN"

# CPU time (clock ticks) of the server under test ($SERVER_PID: the API, or the peer), of every PostgreSQL process of
# the cluster and of Redis: read before and after each measurement, so every figure also says what one request cost
# each process, which a busy machine disturbs far less than the rates.
SERVER_PID=""
ticks() { local t=0 p; for p in "$@"; do [[ -r "/proc/$p/stat" ]] && t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "$t"; }
# PostgreSQL: the live processes, and the backends that ended (pgbench's), which the postmaster's children's time keeps.
pg_ticks() {
    local pm; pm="$(head -1 "$ATRIUM_STACK_DIR/pg/postmaster.pid")"
    echo $(( $(awk '{print $16 + $17}' "/proc/$pm/stat") + $(ticks "$pm" $(ps --ppid "$pm" -o pid= 2>/dev/null)) ))
}
cpu_now() { echo "$(ticks $SERVER_PID) $(pg_ticks) $(ticks "$(cat "$ATRIUM_STACK_DIR/redis/redis.pid")")"; }
CLK_TCK="$(getconf CLK_TCK)"

# wrk_run NAME URL [wrk args…]: rps, p50, p99 (ms), non-2xx, total, then µs of CPU per request of the server, PostgreSQL
# and Redis into $WORK/NAME.txt; WRK_SECONDS overrides the duration
wrk_run() {
    local name="$1" url="$2"; shift 2
    local before; before="$(cpu_now)"
    wrk -t2 -c"$CONNECTIONS" -d"${WRK_SECONDS:-$SECONDS_EACH}s" --latency "$@" "$url" >"$WORK/$name.wrk" 2>&1 || true
    python3 bench/http/parse.py wrk "$WORK/$name.wrk" --cpu "$before" "$(cpu_now)" "$CLK_TCK" >"$WORK/$name.txt"
    stack_log "$name: $(cat "$WORK/$name.txt")"
}
# warm URL [wrk args…]: a few seconds of the same load, unrecorded, so the measurement meets code the JIT has optimized
warm() { local url="$1"; shift; wrk -t2 -c"$CONNECTIONS" -d"$WARM_SECONDS"s "$@" "$url" >/dev/null 2>&1 || true; }
# wrk_pair A URL_A B URL_B [wrk args…]: A, B, A, B for half the seconds each, so that a change of load during the
# pair lands on both sides; each side's halves merged into $WORK/A.txt and $WORK/B.txt (means of the halves)
wrk_pair() {
    local a="$1" url_a="$2" b="$3" url_b="$4"; shift 4
    local half=$(((SECONDS_EACH + 1) / 2))
    for round in 1 2; do
        WRK_SECONDS=$half wrk_run "$a.$round" "$url_a" "$@"
        WRK_SECONDS=$half wrk_run "$b.$round" "$url_b" "$@"
    done
    python3 bench/http/parse.py merge "$WORK/$a.1.txt" "$WORK/$a.2.txt" >"$WORK/$a.txt"
    python3 bench/http/parse.py merge "$WORK/$b.1.txt" "$WORK/$b.2.txt" >"$WORK/$b.txt"
    stack_log "$a: $(cat "$WORK/$a.txt"); $b: $(cat "$WORK/$b.txt")"
}
# pgb_run NAME SCRIPT-FILE [CLIENTS]: tps, p50, p99 (ms), then µs of PostgreSQL CPU per transaction
pgb_run() {
    local name="$1" file="$2" clients="${3:-$CONNECTIONS}"
    rm -f "$WORK"/pgb."$name".*
    local before; before="$(cpu_now)"
    (cd "$WORK" && "$PGBENCH" -n -M prepared -c"$clients" -j"$(( clients < 2 ? 1 : 2 ))" -T"$SECONDS_EACH" -l --log-prefix="pgb.$name" \
        -h 127.0.0.1 -p "$ATRIUM_PG_PORT" -U postgres -f "$OLDPWD/$file" "$ATRIUM_DB_NAME" >"$name.pgb" 2>&1) || { cat "$WORK/$name.pgb"; exit 1; }
    python3 bench/http/parse.py pgbench "$WORK/$name.pgb" "$WORK"/pgb."$name".* --cpu "$before" "$(cpu_now)" "$CLK_TCK" >"$WORK/$name.txt"
    stack_log "$name: $(cat "$WORK/$name.txt")"
}

S="$WORK/sql"; mkdir -p "$S"
cat >"$S/contact.sql" <<SQL
\set id random($CONTACT_FIRST, $CONTACT_LAST)
select c.id, c.organization_id, c.owner_id, c.name, c.email, c.phone, c.created_at, c.updated_at from crm_contacts c
where c.organization_id = $ORG and c.id = :id;
SQL
cat >"$S/perm_view.sql" <<SQL
select m.role, coalesce((select array_agg(distinct e.code) from member_effective_permissions e
    where e.space_id = m.space_id and e.user_id = m.user_id), '{}') as permissions
from memberships m join spaces s on s.id = m.space_id
where m.space_id = $ORG and m.user_id = $OWNER_ID and s.kind = 'organization' and s.deleted_at is null;
SQL
cat >"$S/perm_tokens.sql" <<SQL
select m.role, array(select p.code from permissions p where p.token = any (m.access_tokens)
    union all select sp.code from space_permissions sp where sp.space_id = m.space_id and sp.token = any (m.access_tokens)) as permissions
from memberships m join spaces s on s.id = m.space_id
where m.space_id = $ORG and m.user_id = $OWNER_ID and s.kind = 'organization' and s.deleted_at is null;
SQL
cat >"$S/members_tokens.sql" <<SQL
with wanted as (select array_agg(p.token)::integer[] as tokens from permissions p where p.code = any('{$CODES}'::text[])),
found as (select m.user_id, m.joined_at from memberships m
          where m.space_id = $PROJECT and m.access_tokens @> (select tokens from wanted) and m.access_tokens && array[-$GROUP_ID]::integer[])
select (select count(*) from found) as total,
       (select array_agg(user_id) from (select user_id from found order by joined_at, user_id limit 20) p) as ids;
SQL
cat >"$S/members_division.sql" <<SQL
with found as (select m.user_id, m.joined_at from memberships m
    where m.space_id = $PROJECT
      and m.user_id in (select e.user_id from member_effective_permissions e where e.space_id = $PROJECT and e.code = any('{$CODES}'::text[])
                        group by e.user_id having count(distinct e.code) = 3)
      and exists (select 1 from member_groups mg where mg.space_id = $PROJECT and mg.user_id = m.user_id and mg.group_id = $GROUP_ID))
select (select count(*) from found) as total,
       (select array_agg(user_id) from (select user_id from found order by joined_at, user_id limit 20) p) as ids;
SQL
cat >"$S/summary_rollups.sql" <<SQL
with totals as (select c.status, sum(c.deals) as count, sum(c.amount_sum) as amount_sum from crm_deal_cells c
                where c.organization_id = $ORG group by c.status),
bound as (select now() - make_interval(days => 30) as since, ((now() - make_interval(days => 30)) at time zone 'UTC')::date + 1 as first_whole_day),
fresh as (select (select count(*) from crm_deals d, bound b where d.organization_id = $ORG and d.created_at >= b.since
                  and d.created_at < b.first_whole_day::timestamp at time zone 'UTC')
               + (select coalesce(sum(x.deals), 0) from crm_deal_days x, bound b where x.organization_id = $ORG and x.day >= b.first_whole_day) as new_count)
select s.status, coalesce(t.count, 0), coalesce(t.amount_sum, 0), (select new_count from fresh)
from unnest(array['new','in_progress','won','lost']) as s (status) left join totals t on t.status = s.status;
select c.stage, c.status, c.furthest_stage, c.deals from crm_deal_cells c where c.organization_id = $ORG and c.deals > 0;
SQL
cat >"$S/summary_groupby.sql" <<SQL
with totals as (select d.status, count(*) as count, sum(d.amount) as amount_sum,
                       count(*) filter (where d.created_at >= now() - make_interval(days => 30)) as new_count
                from crm_deals d where d.organization_id = $ORG group by d.status)
select s.status, coalesce(t.count, 0), coalesce(t.amount_sum, 0), coalesce(t.new_count, 0)
from unnest(array['new','in_progress','won','lost']) as s (status) left join totals t on t.status = s.status;
select d.stage, d.status, d.furthest_stage, count(*) from crm_deals d where d.organization_id = $ORG group by 1, 2, 3;
SQL
# The deal summary exactly as the endpoint sends it (row 2): the binder's membership check, then the summary statement,
# both taken from the service's own constants (bench/Atrium.Bench peer-sql) with its parameters as pgbench variables.
dotnet run -c Release --project bench/Atrium.Bench -- peer-sql "$WORK/peer-sql" >"$WORK/peer-sql.log" 2>&1 || { tail -30 "$WORK/peer-sql.log"; exit 1; }
{
    printf '\\set org %s\n\\set user %s\n\\set days 30\n' "$ORG" "$OWNER_ID"
    for f in member summary; do
        sed -e 's/@callerSpaceId\b/:org/g; s/@organizationId\b/:org/g; s/@callerUserId\b/:user/g; s/@days\b/:days/g' \
            -e "s/@callerSpaceKind\\b/'organization'/g; s/@statuses\\b/'{new,in_progress,won,lost}'::text[]/g" "$WORK/peer-sql/$f.sql"
        printf ';\n'
    done
} >"$S/summary_endpoint.sql"
if grep -q '@[a-zA-Z]' "$S/summary_endpoint.sql"; then stack_log "a parameter of the summary SQL has no pgbench variable"; cat "$S/summary_endpoint.sql"; exit 1; fi
CONTACT_FOR_DEALS="$CONTACT_FIRST"
cat >"$S/deal_insert.sql" <<SQL
insert into crm_deals (organization_id, contact_id, owner_id, title, amount, currency) values ($ORG, $CONTACT_FOR_DEALS, $OWNER_ID, 'bench insert', 10, 'EUR');
SQL

# A random contact of the organization under the URL's path (/api/v1/contacts/, or the raw twin's).
cat >"$WORK/contact.lua" <<LUA
math.randomseed(os.time())
request = function()
  return wrk.format("GET", wrk.path .. math.random($CONTACT_FIRST, $CONTACT_LAST))
end
LUA
cat >"$WORK/login.lua" <<LUA
math.randomseed(os.time())
request = function()
  local body = '{"email":"bench' .. math.random(2, $USERS) .. '@example.com","password":"$PASSWORD"}'
  return wrk.format("POST", "/api/v1/auth/login", {["Content-Type"] = "application/json"}, body)
end
LUA

ORGH="X-Organization-Id: $ORG"
# A public read that anyone may make, signed in or not: the same endpoint and SQL with and without a token (row 6).
CATEGORY="$(q "insert into shop_categories (name) values ('Bench category') on conflict ((lower(name))) do update set name = excluded.name returning id")"
curl -sf -H "$AUTH" -H "$ORGH" "$BASE/api/v1/contacts/$CONTACT_FIRST" >/dev/null || { stack_log "contact read failed"; curl -s -H "$AUTH" -H "$ORGH" "$BASE/api/v1/contacts/$CONTACT_FIRST"; exit 1; }
curl -sf "$BASE/api/v1/shop/categories/$CATEGORY" >/dev/null || { stack_log "category read failed"; exit 1; }
SERVER_PID="$API_PID"
# Every table vacuumed and analyzed first, so all measurements meet the same visibility map and statistics
# (quick when nothing changed since the last run).
q "vacuum (analyze)" >/dev/null
stack_log "warming up (${WARM_SECONDS}s per endpoint)"
warm "$BASE/health/live"
warm "$BASE/api/v1/shop/categories/$CATEGORY" -H "$AUTH"
warm "$BASE/api/v1/me" -H "$AUTH"
warm "$BASE/api/v1/contacts/" -s "$WORK/contact.lua" -H "$AUTH" -H "$ORGH"
warm "$BASE/api/v1/bench/raw/contacts/" -s "$WORK/contact.lua" -H "$AUTH" -H "$ORGH"
warm "$BASE/api/v1/contacts?page_size=50" -H "$AUTH" -H "$ORGH"
warm "$BASE/api/v1/bench/raw/contacts?page_size=50" -H "$AUTH" -H "$ORGH"
warm "$BASE/api/v1/projects/$PROJECT/members?$PERMS_QS&group=$GROUP_ID" -H "$AUTH"
warm "$BASE/api/v1/deals" -H "$AUTH" -H "$ORGH"
warm "$BASE/api/v1/analytics/deals/summary" -H "$AUTH" -H "$ORGH"
stack_log "measuring (${SECONDS_EACH}s each, $CONNECTIONS connections)"
wrk_run live_anon "$BASE/health/live"
wrk_run live_auth "$BASE/health/live" -H "$AUTH"
wrk_run category_anon "$BASE/api/v1/shop/categories/$CATEGORY"
wrk_run category_auth "$BASE/api/v1/shop/categories/$CATEGORY" -H "$AUTH"
wrk_run me "$BASE/api/v1/me" -H "$AUTH"
wrk_run contact "$BASE/api/v1/contacts/" -s "$WORK/contact.lua" -H "$AUTH" -H "$ORGH"
pgb_run pg_contact "$S/contact.sql"

# Row 1: each Dapper endpoint against its raw-Npgsql twin (same binder, SQL and bytes), in turns.
RAW="$BASE/api/v1/bench/raw"
for path in "contacts/$CONTACT_FIRST" "contacts?page_size=50"; do
    cmp -s <(curl -sf -H "$AUTH" -H "$ORGH" "$BASE/api/v1/$path") <(curl -sf -H "$AUTH" -H "$ORGH" "$RAW/$path") \
        || { stack_log "the raw twin of /$path does not answer the same bytes"; exit 1; }
done
wrk_pair dapper_one "$BASE/api/v1/contacts/" raw_one "$RAW/contacts/" -s "$WORK/contact.lua" -H "$AUTH" -H "$ORGH"
wrk_pair dapper_list "$BASE/api/v1/contacts?page_size=50" raw_list "$RAW/contacts?page_size=50" -H "$AUTH" -H "$ORGH"
pgb_run pg_perm_view "$S/perm_view.sql"
pgb_run pg_perm_tokens "$S/perm_tokens.sql"
wrk_run members "$BASE/api/v1/projects/$PROJECT/members?$PERMS_QS&group=$GROUP_ID" -H "$AUTH"
wrk_run deals "$BASE/api/v1/deals" -H "$AUTH" -H "$ORGH"
pgb_run pg_members_tokens "$S/members_tokens.sql"
pgb_run pg_members_division "$S/members_division.sql"
pgb_run pg_members_alone "$S/members_tokens.sql" 1
wrk_run summary_cached "$BASE/api/v1/analytics/deals/summary" -H "$AUTH" -H "$ORGH"

# Row 2: the summary uncached, on a second API process with Crm:AnalyticsCacheSeconds 0, against pgbench of the same SQL.
LIVE_PORT=$((API_PORT + 2))
API2_PID="$(start_api "$LIVE_PORT" Crm__AnalyticsCacheSeconds=0)"
curl -sf -H "$AUTH" -H "$ORGH" "http://127.0.0.1:$LIVE_PORT/api/v1/analytics/deals/summary" >/dev/null || { stack_log "the uncached summary failed"; exit 1; }
SERVER_PID="$API2_PID"
# A process started just now: three warm-ups' worth, so its tiered JIT has finished before it is measured.
WARM_SECONDS=$((WARM_SECONDS * 3)) warm "http://127.0.0.1:$LIVE_PORT/api/v1/analytics/deals/summary" -H "$AUTH" -H "$ORGH"
wrk_run summary_live "http://127.0.0.1:$LIVE_PORT/api/v1/analytics/deals/summary" -H "$AUTH" -H "$ORGH"
kill "$API2_PID" 2>/dev/null || true
wait "$API2_PID" 2>/dev/null || true
API2_PID=""
SERVER_PID="$API_PID"
pgb_run pg_summary_endpoint "$S/summary_endpoint.sql"
pgb_run pg_summary_rollups "$S/summary_rollups.sql"
pgb_run pg_summary_groupby "$S/summary_groupby.sql"
pgb_run pg_insert_rollups "$S/deal_insert.sql"
q "alter table crm_deals disable trigger crm_deals_rollups_insert"
pgb_run pg_insert_plain "$S/deal_insert.sql"
q "alter table crm_deals enable trigger crm_deals_rollups_insert"
q "delete from crm_deals where title = 'bench insert'" >/dev/null
q "truncate crm_deal_cells, crm_deal_days; insert into crm_deal_cells select organization_id, status, stage, furthest_stage, count(*), sum(amount) from crm_deals group by 1,2,3,4; insert into crm_deal_days select organization_id, (created_at at time zone 'UTC')::date, count(*) from crm_deals group by 1,2" >/dev/null
# The inserted and deleted rows leave dead tuples and pages no longer all-visible, which would make every later count
# of the deals (the peer's list) dearer than the earlier ones (Atrium's): vacuumed before anything else is measured.
q "vacuum (analyze) crm_deals, crm_deal_cells, crm_deal_days" >/dev/null

# The peer: Fastify + postgres (npm) with the service's own SQL and session script, the same token.
if command -v node >/dev/null; then
    stack_log "starting the Fastify peer"
    (cd bench/peer && npm ci --no-audit --no-fund >/dev/null 2>&1)
    PEER_PORT=$((API_PORT + 1))
    PEER_SQL_DIR="$WORK/peer-sql" PEER_PORT="$PEER_PORT" REDIS_PORT="$ATRIUM_REDIS_PORT" REDIS_PREFIX="bench:" \
        JWT_KEY="$JWT_KEY" DATABASE_URL="postgres://atrium_app:atrium_app@127.0.0.1:$ATRIUM_PG_PORT/$ATRIUM_DB_NAME" \
        node bench/peer/server.js >"$WORK/peer.log" 2>&1 &
    API2_PID=$!
    for _ in $(seq 1 60); do curl -s -o /dev/null "http://127.0.0.1:$PEER_PORT/api/v1/deals" && break; sleep 0.5; done
    PEER="http://127.0.0.1:$PEER_PORT"
    curl -sf -H "$AUTH" -H "$ORGH" "$PEER/api/v1/contacts/$CONTACT_FIRST" >/dev/null || { stack_log "the peer failed"; cat "$WORK/peer.log"; exit 1; }
    SERVER_PID="$API2_PID"
    warm "$PEER/api/v1/contacts/" -s "$WORK/contact.lua" -H "$AUTH" -H "$ORGH"
    warm "$PEER/api/v1/deals" -H "$AUTH" -H "$ORGH"
    warm "$PEER/api/v1/projects/$PROJECT/members?$PERMS_QS&group=$GROUP_ID" -H "$AUTH"
    wrk_run peer_contact "$PEER/api/v1/contacts/" -s "$WORK/contact.lua" -H "$AUTH" -H "$ORGH"
    wrk_run peer_deals "$PEER/api/v1/deals" -H "$AUTH" -H "$ORGH"
    wrk_run peer_members "$PEER/api/v1/projects/$PROJECT/members?$PERMS_QS&group=$GROUP_ID" -H "$AUTH"
    kill "$API2_PID" 2>/dev/null || true
    API2_PID=""
    SERVER_PID="$API_PID"
fi

# BCrypt: one verify on one core and what one thread per core gets hashing flat out (the machine's share at this moment),
# then a login storm, and the contact read calm vs during the storm. The storm runs twice: wrk's closed loop (each
# connection retries the moment it is answered, 503 or not; --timeout 10s, because a login that waits its turn takes
# 2-3 s with 16 at once) and bench/http/storm.py, clients that wait the Retry-After of a 503; row 7 is judged on the
# latter and shows both.
VERIFY_MS="$(dotnet run -c Release --project bench/Atrium.Bench -- bcrypt 2>/dev/null | tail -1 || true)"
PARALLEL_HASHES="$(dotnet run -c Release --project bench/Atrium.Bench -- bcrypt-parallel 2>/dev/null | tail -1 || true)"
wrk_run login_storm "$BASE" -s "$WORK/login.lua" --timeout 10s
python3 bench/http/storm.py --url "$BASE" --users "$USERS" --password "$PASSWORD" --clients "$CONNECTIONS" \
    --seconds "$SECONDS_EACH" --detail "$WORK/login_storm_polite.json" >"$WORK/login_storm_polite.txt"
stack_log "login_storm_polite: $(cat "$WORK/login_storm_polite.txt")"
( wrk -t1 -c32 -d"$((SECONDS_EACH + 2))s" --timeout 10s -s "$WORK/login.lua" "$BASE" >"$WORK/storm_bg.wrk" 2>&1 ) &
STORM=$!
sleep 1
wrk_run contact_storm "$BASE/api/v1/contacts/" -s "$WORK/contact.lua" -H "$AUTH" -H "$ORGH"
wait "$STORM" || true
python3 bench/http/parse.py wrk "$WORK/storm_bg.wrk" >"$WORK/storm_bg.txt"

python3 bench/http/report.py "$WORK" "$OUT" \
    --label "$LABEL" --verify-ms "${VERIFY_MS:-}" --parallel-hashes "${PARALLEL_HASHES:-}" --seconds "$SECONDS_EACH" --connections "$CONNECTIONS" \
    --memberships "$((PROJECTS * USERS))" --deals "$((ORGS * DEALS_PER_ORG))" --tasks "$TASKS" \
    --uptime "$(uptime)" --cpu "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) × $(nproc)"
stack_log "wrote $OUT"
