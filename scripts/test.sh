#!/usr/bin/env bash
# Runs the Atrium test suite against the local dev stack.
#
#   scripts/test.sh                                  whole suite
#   scripts/test.sh --filter "FullyQualifiedName~Auth"   extra args go to dotnet test
#
# Starts PostgreSQL and Redis with ATRIUM_FAST=1 (durability off), exports
# ConnectionStrings__PostgresAdmin / ConnectionStrings__Redis (the test fixtures create
# their own databases as that superuser; the service under test runs as the API role), runs
# tests/Api.Tests/Api.Tests.csproj in Release and writes TRX files to
# .local/test-results/. Ends with one line "N passed, N failed[, N skipped]".
# Exits non-zero when the build fails, a test fails, or no test ran.
#
# Settings: ATRIUM_TEST_VERBOSITY (console logger, default minimal),
#           ATRIUM_TEST_HANG_TIMEOUT (per-test hang limit, default 20m).
set -euo pipefail

TEST_PROJECT="tests/Api.Tests/Api.Tests.csproj"

# Sums the <Counters .../> elements of the given TRX files.
# Prints "passed failed skipped total", or nothing when no Counters were found.
trx_totals() {
    [[ "$#" -gt 0 ]] || return 0
    cat -- "$@" | tr '\r\n' '  ' | grep -o '<Counters [^>]*>' | awk '
        {
            n++
            for (i = 1; i <= NF; i++) {
                if (match($i, /^[A-Za-z]+="[0-9]+"/)) {
                    split(substr($i, RSTART, RLENGTH), kv, "=")
                    gsub(/[^0-9]/, "", kv[2])
                    v[kv[1]] += kv[2]
                }
            }
        }
        END {
            if (n == 0) exit
            failed = v["failed"] + v["error"] + v["timeout"] + v["aborted"]
            skipped = v["notExecuted"]
            if (skipped == 0 && v["total"] > v["executed"]) skipped = v["total"] - v["executed"]
            printf "%d %d %d %d\n", v["passed"], failed, skipped, v["total"]
        }'
}

# Sums the summary lines of dotnet test output, e.g.
#   "Failed!  - Failed:     1, Passed:     9, Skipped:     0, Total:    10, Duration: ..."
#   "  total: 10  failed: 1  succeeded: 9  skipped: 0"  (Microsoft.Testing.Platform)
# Prints "passed failed skipped total", or nothing when no such line was found.
console_totals() {
    local file="$1"
    [[ -f "$file" ]] || return 0
    tr -d '\r' <"$file" | awk '
        /(Passed|Failed)! +- +Failed: *[0-9]+, *Passed: *[0-9]+/ {
            line = $0
            sub(/.*(Passed|Failed)! +- +/, "", line)
            n++
            f += num(line, "Failed:"); p += num(line, "Passed:")
            s += num(line, "Skipped:"); t += num(line, "Total:")
            next
        }
        /^ *total: *[0-9]+/ { mt = $2 + 0; mtp = 1; next }
        /^ *failed: *[0-9]+/ && mtp { mf += $2; next }
        /^ *succeeded: *[0-9]+/ && mtp { mp += $2; next }
        /^ *skipped: *[0-9]+/ && mtp { ms += $2; mtt += mt; mtp = 0; m++; next }
        function num(str, key,   rest) {
            rest = substr(str, index(str, key) + length(key))
            sub(/^ */, "", rest)
            return rest + 0
        }
        END {
            if (n > 0) printf "%d %d %d %d\n", p, f, s, t
            else if (m > 0) printf "%d %d %d %d\n", mp, mf, ms, mtt
        }'
}

# Prints the closing line "N passed, N failed[, N skipped]".
summary_line() {
    local passed="$1" failed="$2" skipped="$3"
    if [[ "$skipped" -gt 0 ]]; then
        echo "$passed passed, $failed failed, $skipped skipped"
    else
        echo "$passed passed, $failed failed"
    fi
}

test_main() {
    cd "$(dirname "${BASH_SOURCE[0]}")/.."
    local root
    root="$(pwd)"

    # shellcheck source=scripts/stack.sh
    source scripts/stack.sh

    stack_require_dotnet
    [[ -f "$TEST_PROJECT" ]] || stack_die "$TEST_PROJECT not found"

    export ATRIUM_FAST=1
    stack_start
    # stack_start exported ConnectionStrings__Postgres(Migrations|Admin) and ConnectionStrings__Redis.

    export DOTNET_CLI_TELEMETRY_OPTOUT=1
    export DOTNET_NOLOGO=1
    export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
    local extra_build=()
    if [[ -n "${CI:-}" ]]; then
        # No build servers left behind on a CI machine.
        export MSBUILDDISABLENODEREUSE=1
        export DOTNET_CLI_USE_MSBUILD_SERVER=0
        extra_build+=(-p:UseSharedCompilation=false)
    fi

    local results="$ATRIUM_STACK_DIR/test-results"
    local console_log="$results/dotnet-test.log"
    mkdir -p "$results"
    find "$results" -name '*.trx' -type f -delete
    : >"$console_log"

    local verbosity="${ATRIUM_TEST_VERBOSITY:-minimal}"
    local hang="${ATRIUM_TEST_HANG_TIMEOUT:-20m}"
    local args=(test "$TEST_PROJECT" -c Release --results-directory "$results")
    if [[ -f global.json ]] && grep -q 'Microsoft.Testing.Platform' global.json; then
        # dotnet test in Microsoft.Testing.Platform mode
        args=(test --project "$TEST_PROJECT" -c Release --results-directory "$results" --report-trx)
    else
        args+=(--logger "console;verbosity=$verbosity" --logger "trx;LogFilePrefix=Api.Tests")
        args+=(--blame-hang-timeout "$hang" --blame-hang-dump-type none)
    fi
    args+=(${extra_build[@]+"${extra_build[@]}"} "$@")

    echo "[test] dotnet ${args[*]}"
    local rc=0 statuses
    set +e
    dotnet "${args[@]}" 2>&1 | tee "$console_log"
    statuses=("${PIPESTATUS[@]}")
    set -e
    rc="${statuses[0]}"

    if [[ -n "${CI:-}" ]]; then
        dotnet build-server shutdown >/dev/null 2>&1 || true
    fi

    local trx_files=() totals=""
    mapfile -t trx_files < <(find "$results" -name '*.trx' -type f | sort)
    if [[ "${#trx_files[@]}" -gt 0 ]]; then
        totals="$(trx_totals "${trx_files[@]}")"
    fi
    if [[ -z "$totals" ]]; then
        totals="$(console_totals "$console_log")"
    fi

    local passed=0 failed=0 skipped=0 _total=0
    if [[ -n "$totals" ]]; then
        read -r passed failed skipped _total <<<"$totals"
    fi

    echo
    if [[ "${#trx_files[@]}" -gt 0 ]]; then
        echo "[test] TRX: ${trx_files[*]#"$root"/}"
    fi
    echo "[test] console log: ${console_log#"$root"/}"

    local status=0
    if [[ -z "$totals" && "$rc" -ne 0 ]]; then
        echo "[test] dotnet test exited with $rc before running tests (build failure?)"
        status="$rc"
    elif [[ "$rc" -ne 0 ]]; then
        echo "[test] dotnet test exited with $rc"
        status="$rc"
    fi
    if [[ "$failed" -gt 0 ]]; then
        echo "[test] $failed test(s) failed"
        status=1
    fi
    if [[ $((passed + failed)) -eq 0 ]]; then
        echo "[test] no test ran"
        [[ "$status" -ne 0 ]] || status=1
    fi

    summary_line "$passed" "$failed" "$skipped"
    return "$status"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    test_main "$@"
fi
