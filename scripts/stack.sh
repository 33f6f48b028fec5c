#!/usr/bin/env bash
# Local PostgreSQL + Redis for Atrium development and tests.
#
# Usage (executed):
#   scripts/stack.sh [start]   install what is missing, start (or reuse) both servers
#   scripts/stack.sh stop      stop the servers started from this checkout
#   scripts/stack.sh status    show what answers on the configured ports
#   scripts/stack.sh env       print the export lines (eval "$(scripts/stack.sh env)")
#   scripts/stack.sh psql      open psql on the atrium database
#
# Usage (sourced, as scripts/run.sh and scripts/test.sh do):
#   source scripts/stack.sh && stack_start   # also exports the connection strings
#
# Settings (environment):
#   ATRIUM_STACK_DIR    data root, default <repo>/.local (git-ignored)
#   ATRIUM_PG_PORT      PostgreSQL port, default 55432 (listens on 127.0.0.1 only)
#   ATRIUM_REDIS_PORT   Redis port, default 56379 (listens on 127.0.0.1 only)
#   ATRIUM_FAST=1       fsync/synchronous_commit/full_page_writes off, no Redis snapshots
#                       and no append-only file (otherwise Redis keeps an AOF, fsync every second)
#                       (applied when a server is started; a reused server keeps its settings)
#   ATRIUM_PG_DATA      override the cluster directory
#
# Layout:
#   .local/pg           PostgreSQL cluster (owned by the 'postgres' user when run as root)
#   .local/redis        Redis working dir, redis.pid
#   .local/log          postgres.log, redis.log, apt.log
# When run as root from a directory the 'postgres' user cannot enter (for example
# a clone under /root), the cluster and its log are kept in
# /var/lib/atrium/<checkout-id>/ instead and .local/pg is a symlink to it.

set -euo pipefail

ATRIUM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ATRIUM_STACK_DIR="${ATRIUM_STACK_DIR:-$ATRIUM_ROOT/.local}"
ATRIUM_PG_PORT="${ATRIUM_PG_PORT:-55432}"
ATRIUM_REDIS_PORT="${ATRIUM_REDIS_PORT:-56379}"
ATRIUM_FAST="${ATRIUM_FAST:-0}"
ATRIUM_DB_NAME="${ATRIUM_DB_NAME:-atrium}"
ATRIUM_PG_USER="postgres"
ATRIUM_PG_PASSWORD="postgres"
# Login roles of the service (password = name, local only): schema owner and API.
ATRIUM_PG_OWNER="atrium_owner"
ATRIUM_PG_APP="atrium_app"
ATRIUM_WAIT_SECONDS="${ATRIUM_WAIT_SECONDS:-30}"

_STACK_PG_PREFERRED=15
_STACK_APT_UPDATED=0

stack_log() { printf '[stack] %s\n' "$*" >&2; }
stack_die() { printf '[stack] ERROR: %s\n' "$*" >&2; exit 1; }

_stack_is_root() { [[ "$(id -u)" -eq 0 ]]; }

# Runs a command with root rights (directly as root, else through sudo).
_stack_as_root() {
    if _stack_is_root; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        stack_die "need root rights to run '$*' (not root and sudo is not installed)"
    fi
}

# Runs a command as the user that owns the PostgreSQL cluster.
_stack_as_pg() {
    if _stack_is_root; then
        # From / so that pg_ctl does not complain about a cwd it cannot enter.
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

_stack_tail_log() {
    local file="$1"
    if [[ -r "$file" ]]; then
        stack_log "last lines of $file:"
        tail -n 40 "$file" >&2 || true
    else
        stack_log "(no log at $file)"
    fi
}

# ---------------------------------------------------------------- installs

_stack_apt_install() {
    mkdir -p "$ATRIUM_STACK_DIR/log"
    local apt_log="$ATRIUM_STACK_DIR/log/apt.log"
    local policy=/usr/sbin/policy-rc.d created_policy=0
    export DEBIAN_FRONTEND=noninteractive

    if [[ "$_STACK_APT_UPDATED" -eq 0 ]]; then
        stack_log "apt-get update (log: $apt_log)"
        if ! _stack_as_root env DEBIAN_FRONTEND=noninteractive apt-get update >>"$apt_log" 2>&1; then
            _stack_tail_log "$apt_log"
            stack_die "apt-get update failed"
        fi
        _STACK_APT_UPDATED=1
    fi

    # The packages' own services (a 'main' cluster on 5432, redis on 6379) are
    # not needed: this stack runs its own servers. Keep them from starting
    # during the install unless the machine already has a policy in place.
    if [[ ! -e "$policy" ]]; then
        if _stack_as_root sh -c "printf '#!/bin/sh\nexit 101\n' > $policy && chmod 755 $policy"; then
            created_policy=1
        fi
    fi

    stack_log "apt-get install $* (log: $apt_log)"
    local rc=0
    _stack_as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y --no-install-recommends \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
        "$@" >>"$apt_log" 2>&1 || rc=$?

    if [[ "$created_policy" -eq 1 ]]; then
        _stack_as_root rm -f "$policy" || true
    fi
    if [[ "$rc" -ne 0 ]]; then
        _stack_tail_log "$apt_log"
        stack_log "apt-get install $* failed (exit $rc)"
        return "$rc"
    fi
}

# Prints the bin dir of the newest usable PostgreSQL (15 preferred).
_stack_find_pg_bin() {
    if [[ -x "/usr/lib/postgresql/$_STACK_PG_PREFERRED/bin/initdb" ]]; then
        echo "/usr/lib/postgresql/$_STACK_PG_PREFERRED/bin"
        return 0
    fi
    local dir best=""
    for dir in /usr/lib/postgresql/*/bin; do
        [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]] || continue
        best="$dir"
    done
    if [[ -n "$best" ]]; then
        echo "$best"
        return 0
    fi
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v initdb)"
        return 0
    fi
    return 1
}

stack_install() {
    local need=()
    if ! _stack_find_pg_bin >/dev/null; then
        need+=(pg)
    fi
    if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
        need+=(redis)
    fi
    if [[ "${#need[@]}" -eq 0 ]]; then
        return 0
    fi
    command -v apt-get >/dev/null 2>&1 ||
        stack_die "missing ${need[*]} and apt-get is not available: install PostgreSQL 15 and redis-server by hand"

    local item
    for item in "${need[@]}"; do
        case "$item" in
            pg)
                _stack_apt_install "postgresql-$_STACK_PG_PREFERRED" ||
                    _stack_apt_install postgresql ||
                    stack_die "could not install PostgreSQL with apt-get"
                ;;
            redis)
                _stack_apt_install redis-server redis-tools ||
                    stack_die "could not install redis-server with apt-get"
                ;;
        esac
    done

    _stack_find_pg_bin >/dev/null || stack_die "PostgreSQL was installed but no initdb was found under /usr/lib/postgresql/*/bin"
    command -v redis-server >/dev/null 2>&1 || stack_die "redis-server was installed but is not on PATH"
}

stack_require_dotnet() {
    if ! command -v dotnet >/dev/null 2>&1; then
        stack_die "the .NET SDK is missing: install .NET SDK 10 so that 'dotnet' is on PATH (https://dot.net)"
    fi
    local version
    if ! version="$(dotnet --version 2>/dev/null)"; then
        stack_die "'dotnet --version' failed: no .NET SDK found (only a runtime?). Install .NET SDK 10"
    fi
    if [[ "${version%%.*}" =~ ^[0-9]+$ ]] && [[ "${version%%.*}" -lt 10 ]]; then
        stack_die ".NET SDK $version found; this project needs .NET SDK 10 or newer"
    fi
    stack_log ".NET SDK $version"
}

# ---------------------------------------------------------------- paths

# Succeeds when the 'postgres' user can enter and write the given directory.
_stack_pg_can_use() {
    local dir="$1"
    _stack_is_root || return 0
    runuser -u postgres -- test -x "$dir" -a -w "$dir" 2>/dev/null
}

# Sets _STACK_PG_DATA (cluster dir) and _STACK_PG_LOG. With "create", decides
# where a new cluster goes (root: somewhere the 'postgres' user can reach).
_stack_pg_paths() {
    local mode="${1:-}"
    mkdir -p "$ATRIUM_STACK_DIR/log"

    if [[ -n "${ATRIUM_PG_DATA:-}" ]]; then
        _STACK_PG_DATA="$ATRIUM_PG_DATA"
        _STACK_PG_LOG="$(dirname "$ATRIUM_PG_DATA")/postgres.log"
        return 0
    fi

    local link="$ATRIUM_STACK_DIR/pg"
    if [[ -L "$link" ]]; then
        _STACK_PG_DATA="$(readlink -f "$link")"
        _STACK_PG_LOG="$(dirname "$_STACK_PG_DATA")/postgres.log"
        return 0
    fi
    if [[ -d "$link" ]] || [[ "$mode" != "create" ]] || ! _stack_is_root; then
        _STACK_PG_DATA="$link"
        _STACK_PG_LOG="$ATRIUM_STACK_DIR/log/postgres.log"
        return 0
    fi

    # Root, no cluster yet: the server runs as 'postgres', which must be able to
    # reach the data directory. Check on a scratch directory owned by postgres.
    local probe="$ATRIUM_STACK_DIR/.pg-probe"
    mkdir -p "$probe"
    chown postgres: "$probe"
    if _stack_pg_can_use "$probe"; then
        rmdir "$probe"
        _STACK_PG_DATA="$link"
        _STACK_PG_LOG="$ATRIUM_STACK_DIR/log/postgres.log"
        return 0
    fi
    rmdir "$probe"

    local id base
    id="$(printf '%s' "$ATRIUM_STACK_DIR" | md5sum | cut -c1-12)"
    base="/var/lib/atrium/$id"
    stack_log "the 'postgres' user cannot enter $ATRIUM_STACK_DIR (a parent directory is private);"
    stack_log "keeping the cluster in $base/pg instead (.local/pg links to it)"
    mkdir -p "$base"
    chmod 755 /var/lib/atrium "$base"
    chown postgres: "$base"
    printf '%s\n' "$ATRIUM_STACK_DIR" >"$base/checkout"
    ln -sfn "$base/pg" "$link"
    ln -sfn "$base/postgres.log" "$ATRIUM_STACK_DIR/log/postgres.log"
    _STACK_PG_DATA="$base/pg"
    _STACK_PG_LOG="$base/postgres.log"
}

_stack_create_pg_user() {
    stack_log "creating system user 'postgres'"
    useradd --system --user-group --home-dir /var/lib/postgresql --no-create-home \
        --shell /bin/bash postgres
}

# ---------------------------------------------------------------- postgres

_stack_pg_isready() {
    "$_STACK_PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$ATRIUM_PG_PORT" -t 2 >/dev/null 2>&1
}

_stack_psql() {
    PGPASSWORD="$ATRIUM_PG_PASSWORD" PGCONNECT_TIMEOUT=5 \
        "$_STACK_PG_BIN/psql" -h 127.0.0.1 -p "$ATRIUM_PG_PORT" -U "$ATRIUM_PG_USER" \
        -v ON_ERROR_STOP=1 -X -q "$@"
}

_stack_pg_initdb() {
    local data="$_STACK_PG_DATA"
    stack_log "initdb: new PostgreSQL cluster in $data"
    mkdir -p "$data"
    chmod 700 "$data"
    local pwfile
    pwfile="$(dirname "$data")/.pg-password.$$"
    printf '%s\n' "$ATRIUM_PG_PASSWORD" >"$pwfile"
    chmod 600 "$pwfile"
    if _stack_is_root; then
        chown postgres: "$data" "$pwfile"
    fi
    local rc=0
    _stack_as_pg "$_STACK_PG_BIN/initdb" -D "$data" \
        --username="$ATRIUM_PG_USER" --pwfile="$pwfile" \
        --auth-local=trust --auth-host=scram-sha-256 \
        --encoding=UTF8 --locale=C.UTF-8 >>"$_STACK_PG_LOG" 2>&1 || rc=$?
    rm -f "$pwfile"
    if [[ "$rc" -ne 0 ]]; then
        _stack_tail_log "$_STACK_PG_LOG"
        stack_die "initdb failed (exit $rc)"
    fi

    # Local settings live in atrium.conf, rewritten at every start.
    _stack_as_pg sh -c "printf '\n# Atrium dev stack settings (written by scripts/stack.sh)\ninclude_if_exists = '\''atrium.conf'\''\n' >> '$data/postgresql.conf'"

    # Only the loopback address, password (scram) over TCP, trust on the
    # private unix socket inside the data directory.
    _stack_as_pg sh -c "cat > '$data/pg_hba.conf'" <<'EOF'
# TYPE  DATABASE  USER  ADDRESS         METHOD
local   all       all                   trust
host    all       all   127.0.0.1/32    scram-sha-256
host    all       all   ::1/128         scram-sha-256
EOF
}

_stack_pg_write_conf() {
    local data="$_STACK_PG_DATA" socket_dir="$_STACK_PG_DATA"
    # A unix socket path is limited to ~107 bytes; without room, use TCP only.
    if [[ "${#socket_dir}" -gt 90 ]]; then
        socket_dir=""
    fi
    local fast="off"
    [[ "$ATRIUM_FAST" == "1" ]] && fast="on"
    {
        echo "# Written by scripts/stack.sh at every start; edit that script instead."
        echo "listen_addresses = '127.0.0.1'"
        echo "port = $ATRIUM_PG_PORT"
        echo "unix_socket_directories = '$socket_dir'"
        echo "max_connections = 300"
        echo "shared_buffers = 256MB"
        echo "work_mem = 8MB"
        echo "maintenance_work_mem = 64MB"
        echo "password_encryption = 'scram-sha-256'"
        echo "timezone = 'UTC'"
        echo "log_timezone = 'UTC'"
        echo "log_min_duration_statement = -1"
        echo "log_line_prefix = '%m [%p] %q%u@%d '"
        if [[ "$fast" == "on" ]]; then
            echo "# ATRIUM_FAST=1: throwaway test data, durability off"
            echo "fsync = off"
            echo "synchronous_commit = off"
            echo "full_page_writes = off"
        else
            echo "fsync = on"
            echo "synchronous_commit = on"
            echo "full_page_writes = on"
        fi
    } | _stack_as_pg sh -c "cat > '$data/atrium.conf'"
}

# The two login roles of the service: the owner of the schema (runs the migrations) and the API's
# own role (rows only: no DDL, no UPDATE or DELETE of audit events; granted by Sql/0040_api_role.sql).
_stack_pg_roles() {
    _stack_psql -d postgres <<SQL
do \$\$
begin
    if not exists (select 1 from pg_roles where rolname = '$ATRIUM_PG_OWNER') then
        create role $ATRIUM_PG_OWNER login password '$ATRIUM_PG_OWNER';
    end if;
    if not exists (select 1 from pg_roles where rolname = '$ATRIUM_PG_APP') then
        create role $ATRIUM_PG_APP login password '$ATRIUM_PG_APP';
    else
        -- the migration makes it without a login where nobody provisioned it
        alter role $ATRIUM_PG_APP login password '$ATRIUM_PG_APP';
    end if;
end
\$\$;
SQL
}

# A database made before the two roles existed (owned by the superuser, migrated as it) is handed to
# the owner role, object by object, so that later migrations run as the owner can change it.
_stack_pg_adopt() {
    local owner
    owner="$(_stack_psql -d postgres -tA -c "select pg_get_userbyid(datdba) from pg_database where datname = '$ATRIUM_DB_NAME'")"
    [[ "$owner" == "$ATRIUM_PG_OWNER" ]] && return 0
    stack_log "handing database $ATRIUM_DB_NAME (owned by $owner) to $ATRIUM_PG_OWNER"
    _stack_psql -d "$ATRIUM_DB_NAME" <<SQL
alter database "$ATRIUM_DB_NAME" owner to $ATRIUM_PG_OWNER;
do \$\$
declare
    r record;
begin
    for r in
        select c.oid::regclass::text as name, c.relkind
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'S')
          and pg_get_userbyid(c.relowner) <> '$ATRIUM_PG_OWNER'
          and not exists (select 1 from pg_depend d
                          where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype in ('e', 'i', 'a'))
    loop
        execute format('alter %s %s owner to $ATRIUM_PG_OWNER',
            case r.relkind when 'v' then 'view' when 'm' then 'materialized view' when 'S' then 'sequence' else 'table' end, r.name);
    end loop;
    for r in
        select p.oid::regprocedure::text as name
        from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname = 'public' and p.prokind = 'f'
          and pg_get_userbyid(p.proowner) <> '$ATRIUM_PG_OWNER'
          and not exists (select 1 from pg_depend d
                          where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
    loop
        execute format('alter function %s owner to $ATRIUM_PG_OWNER', r.name);
    end loop;
end
\$\$;
SQL
}

stack_pg_start() {
    _STACK_PG_BIN="$(_stack_find_pg_bin)" || stack_die "PostgreSQL binaries not found"
    if _stack_is_root && ! id postgres >/dev/null 2>&1; then
        _stack_create_pg_user
    fi

    if _stack_pg_isready; then
        stack_log "PostgreSQL already answers on 127.0.0.1:$ATRIUM_PG_PORT: reusing it"
    else
        _stack_pg_paths create
        touch "$_STACK_PG_LOG"
        if _stack_is_root; then
            chown postgres: "$_STACK_PG_LOG"
        fi
        if [[ ! -f "$_STACK_PG_DATA/PG_VERSION" ]]; then
            _stack_pg_initdb
        else
            local have want
            have="$(cat "$_STACK_PG_DATA/PG_VERSION")"
            want="$("$_STACK_PG_BIN/pg_ctl" --version | awk '{print $3}' | cut -d. -f1)"
            if [[ "$have" != "$want" ]]; then
                stack_die "cluster $_STACK_PG_DATA is PostgreSQL $have but the binaries are $want; remove it (scripts/stack.sh stop; rm -rf $_STACK_PG_DATA) to recreate"
            fi
        fi
        if [[ -f "$_STACK_PG_DATA/postmaster.pid" ]] &&
            _stack_as_pg "$_STACK_PG_BIN/pg_ctl" -D "$_STACK_PG_DATA" status >/dev/null 2>&1; then
            local running_port
            running_port="$(sed -n 4p "$_STACK_PG_DATA/postmaster.pid")"
            stack_die "the cluster in $_STACK_PG_DATA is already running on port $running_port, not $ATRIUM_PG_PORT: use ATRIUM_PG_PORT=$running_port, or run 'scripts/stack.sh stop' with that port first"
        fi
        _stack_pg_write_conf

        stack_log "starting PostgreSQL $(cat "$_STACK_PG_DATA/PG_VERSION") on 127.0.0.1:$ATRIUM_PG_PORT (data: $_STACK_PG_DATA, log: $_STACK_PG_LOG, fast: $ATRIUM_FAST)"
        if ! _stack_as_pg "$_STACK_PG_BIN/pg_ctl" -D "$_STACK_PG_DATA" -l "$_STACK_PG_LOG" \
            -w -t "$ATRIUM_WAIT_SECONDS" start >/dev/null; then
            _stack_tail_log "$_STACK_PG_LOG"
            stack_die "PostgreSQL did not start"
        fi
    fi

    local waited=0
    until _stack_pg_isready; do
        if [[ "$waited" -ge "$ATRIUM_WAIT_SECONDS" ]]; then
            _stack_tail_log "${_STACK_PG_LOG:-$ATRIUM_STACK_DIR/log/postgres.log}"
            stack_die "PostgreSQL does not answer on 127.0.0.1:$ATRIUM_PG_PORT after ${ATRIUM_WAIT_SECONDS}s"
        fi
        sleep 1
        waited=$((waited + 1))
    done

    if ! _stack_psql -d postgres -c 'select 1' >/dev/null 2>&1; then
        stack_die "PostgreSQL on 127.0.0.1:$ATRIUM_PG_PORT refuses user '$ATRIUM_PG_USER' with password '$ATRIUM_PG_PASSWORD' (a server not started by this script?). Stop it or set ATRIUM_PG_PORT to another port."
    fi
    _stack_pg_roles
    local exists
    exists="$(_stack_psql -d postgres -tA -c "select 1 from pg_database where datname = '$ATRIUM_DB_NAME'")"
    if [[ "$exists" != "1" ]]; then
        stack_log "creating database $ATRIUM_DB_NAME (owner $ATRIUM_PG_OWNER)"
        _stack_psql -d postgres -c "create database \"$ATRIUM_DB_NAME\" owner $ATRIUM_PG_OWNER"
    else
        _stack_pg_adopt
    fi
    stack_log "PostgreSQL ready: 127.0.0.1:$ATRIUM_PG_PORT database $ATRIUM_DB_NAME (API as $ATRIUM_PG_APP, migrations as $ATRIUM_PG_OWNER)"
}

stack_pg_stop() {
    _STACK_PG_BIN="$(_stack_find_pg_bin)" || { stack_log "PostgreSQL not installed: nothing to stop"; return 0; }
    _stack_pg_paths
    if [[ -f "$_STACK_PG_DATA/postmaster.pid" ]] &&
        _stack_as_pg "$_STACK_PG_BIN/pg_ctl" -D "$_STACK_PG_DATA" status >/dev/null 2>&1; then
        stack_log "stopping PostgreSQL ($_STACK_PG_DATA)"
        _stack_as_pg "$_STACK_PG_BIN/pg_ctl" -D "$_STACK_PG_DATA" -m fast -w -t "$ATRIUM_WAIT_SECONDS" stop >/dev/null ||
            stack_die "pg_ctl stop failed; see $_STACK_PG_LOG"
    elif _stack_pg_isready; then
        stack_log "PostgreSQL on port $ATRIUM_PG_PORT was not started from $_STACK_PG_DATA: leaving it running"
    else
        stack_log "PostgreSQL is not running"
    fi
}

# ---------------------------------------------------------------- redis

_stack_redis_cli() {
    redis-cli -h 127.0.0.1 -p "$ATRIUM_REDIS_PORT" "$@"
}

_stack_redis_ping() {
    [[ "$(_stack_redis_cli ping 2>/dev/null || true)" == "PONG" ]]
}

stack_redis_start() {
    local dir="$ATRIUM_STACK_DIR/redis" log="$ATRIUM_STACK_DIR/log/redis.log"
    local pidfile="$ATRIUM_STACK_DIR/redis/redis.pid"
    mkdir -p "$dir" "$ATRIUM_STACK_DIR/log"

    if _stack_redis_ping; then
        stack_log "Redis already answers on 127.0.0.1:$ATRIUM_REDIS_PORT: reusing it"
        return 0
    fi

    # Sessions and brute-force counters live here: an append-only file (fsync every second) keeps
    # them across a restart. ATRIUM_FAST=1 (the test run) keeps nothing.
    local persistence=(--save "3600 1 300 100 60 10000" --appendonly yes --appendfsync everysec)
    [[ "$ATRIUM_FAST" == "1" ]] && persistence=(--save "" --appendonly no)

    stack_log "starting Redis on 127.0.0.1:$ATRIUM_REDIS_PORT (dir: $dir, log: $log)"
    rm -f "$pidfile"
    local out
    if ! out="$(redis-server --bind 127.0.0.1 --port "$ATRIUM_REDIS_PORT" \
        --protected-mode yes --daemonize yes \
        --dir "$dir" --pidfile "$pidfile" --logfile "$log" \
        "${persistence[@]}" \
        --dbfilename dump.rdb 2>&1)"; then
        printf '%s\n' "$out" >&2
        _stack_tail_log "$log"
        stack_die "redis-server failed to start"
    fi

    local waited=0
    until _stack_redis_ping; do
        if [[ "$waited" -ge "$ATRIUM_WAIT_SECONDS" ]]; then
            _stack_tail_log "$log"
            stack_die "Redis does not answer on 127.0.0.1:$ATRIUM_REDIS_PORT after ${ATRIUM_WAIT_SECONDS}s"
        fi
        sleep 1
        waited=$((waited + 1))
    done
    stack_log "Redis ready: 127.0.0.1:$ATRIUM_REDIS_PORT"
}

stack_redis_stop() {
    local pidfile="$ATRIUM_STACK_DIR/redis/redis.pid"
    if ! command -v redis-cli >/dev/null 2>&1; then
        stack_log "Redis not installed: nothing to stop"
        return 0
    fi
    if ! _stack_redis_ping; then
        stack_log "Redis is not running"
        rm -f "$pidfile"
        return 0
    fi
    local ours="" running
    [[ -f "$pidfile" ]] && ours="$(cat "$pidfile")"
    running="$(_stack_redis_cli info server 2>/dev/null | tr -d '\r' | sed -n 's/^process_id://p')"
    if [[ -z "$ours" || "$ours" != "$running" ]]; then
        stack_log "Redis on port $ATRIUM_REDIS_PORT was not started from $ATRIUM_STACK_DIR: leaving it running"
        return 0
    fi
    stack_log "stopping Redis (pid $running)"
    # A plain SHUTDOWN flushes the append-only file and writes a snapshot when save points are set.
    _stack_redis_cli shutdown >/dev/null 2>&1 || true
    local waited=0
    while _stack_redis_ping; do
        if [[ "$waited" -ge "$ATRIUM_WAIT_SECONDS" ]]; then
            stack_die "Redis still answers after shutdown"
        fi
        sleep 1
        waited=$((waited + 1))
    done
    rm -f "$pidfile"
}

# ---------------------------------------------------------------- entry points

# The API connects as the API role, migrations as the owner; PostgresAdmin (the superuser) is for the
# test fixtures, which create and drop databases. The API never reads it.
stack_export_env() {
    local base="Host=127.0.0.1;Port=$ATRIUM_PG_PORT;Database=$ATRIUM_DB_NAME"
    export ConnectionStrings__Postgres="$base;Username=$ATRIUM_PG_APP;Password=$ATRIUM_PG_APP"
    export ConnectionStrings__PostgresMigrations="$base;Username=$ATRIUM_PG_OWNER;Password=$ATRIUM_PG_OWNER"
    export ConnectionStrings__PostgresAdmin="$base;Username=$ATRIUM_PG_USER;Password=$ATRIUM_PG_PASSWORD"
    export ConnectionStrings__Redis="127.0.0.1:$ATRIUM_REDIS_PORT"
}

stack_print_env() {
    stack_export_env
    printf "export ConnectionStrings__Postgres='%s'\n" "$ConnectionStrings__Postgres"
    printf "export ConnectionStrings__PostgresMigrations='%s'\n" "$ConnectionStrings__PostgresMigrations"
    printf "export ConnectionStrings__PostgresAdmin='%s'\n" "$ConnectionStrings__PostgresAdmin"
    printf "export ConnectionStrings__Redis='%s'\n" "$ConnectionStrings__Redis"
}

stack_start() {
    mkdir -p "$ATRIUM_STACK_DIR/log"
    stack_install
    stack_pg_start
    stack_redis_start
    stack_export_env
    stack_log "ConnectionStrings__Postgres=$ConnectionStrings__Postgres"
    stack_log "ConnectionStrings__PostgresMigrations=$ConnectionStrings__PostgresMigrations"
    stack_log "ConnectionStrings__Redis=$ConnectionStrings__Redis"
}

stack_stop() {
    stack_redis_stop
    stack_pg_stop
}

stack_status() {
    local rc=0
    _STACK_PG_BIN="$(_stack_find_pg_bin 2>/dev/null)" || _STACK_PG_BIN=""
    if [[ -n "$_STACK_PG_BIN" ]] && _stack_pg_isready; then
        echo "postgres: up on 127.0.0.1:$ATRIUM_PG_PORT"
    else
        echo "postgres: down (127.0.0.1:$ATRIUM_PG_PORT)"
        rc=1
    fi
    if command -v redis-cli >/dev/null 2>&1 && _stack_redis_ping; then
        echo "redis:    up on 127.0.0.1:$ATRIUM_REDIS_PORT"
    else
        echo "redis:    down (127.0.0.1:$ATRIUM_REDIS_PORT)"
        rc=1
    fi
    return "$rc"
}

stack_main() {
    local action="${1:-start}"
    case "$action" in
        start)
            stack_start
            command -v dotnet >/dev/null 2>&1 ||
                stack_log "warning: 'dotnet' is not on PATH; scripts/run.sh and scripts/test.sh need .NET SDK 10"
            ;;
        stop) stack_stop ;;
        restart) stack_stop; stack_start ;;
        status) stack_status ;;
        env) stack_print_env ;;
        psql)
            shift
            _STACK_PG_BIN="$(_stack_find_pg_bin)" || stack_die "PostgreSQL binaries not found"
            _stack_psql -d "$ATRIUM_DB_NAME" "$@"
            ;;
        -h | --help | help)
            sed -n '2,/^$/p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
            ;;
        *) stack_die "unknown action '$action' (start, stop, restart, status, env, psql)" ;;
    esac
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    stack_main "$@"
fi
