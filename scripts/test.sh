#!/usr/bin/env bash
# Everything CI checks: lint, types, migrations, and the test suite on SQLite and on PostgreSQL,
# browser tests included. Called by `make test` (after installing .venv and node_modules).
#
# The two pytest runs go side by side (one per core; each prints its log when it ends) unless
# LLL_TEST_SERIAL=1. A table of each stage's wall time closes the output.
#
# The browser tests (tests/e2e) drive the pages, not the database: each runs once. Where
# PostgreSQL answers, the files named in E2E_ON_POSTGRES run in the PostgreSQL run and the others
# in the SQLite run, so that the two side-by-side runs take about the same time (measured
# 2026-12-05 on a quiet machine: the PostgreSQL run's other tests take 388 s, the SQLite run's
# 244 s; the browser files listed take about 140 s, the others 375 s. With the coordination walk
# (39 s) also on PostgreSQL, a fresh clone took 9m58s on SQLite and 11m31s on PostgreSQL: it
# moved to SQLite). A new browser file runs on
# SQLite until it is listed. Where PostgreSQL does not answer, the SQLite run takes them all.
# LLL_E2E_ON_POSTGRES=1 runs every browser test on both databases.
E2E_ON_POSTGRES="test_region_position.py test_security_headers.py test_selfassessment.py
  test_vet.py"
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"

# The browser tests drive Debian's Chromium; install it where it is missing.
if [ ! -x /usr/bin/chromium ]; then
  echo "== installing Debian's chromium for the browser tests"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

STAGES=()
TIMES=()
RESULTS=()
START=$SECONDS
FAILED=0

record() { # name seconds status
  STAGES+=("$1"); TIMES+=("$2"); RESULTS+=("$3")
  [ "$3" = ok ] || [ "$3" = skipped ] || FAILED=1
}

summary() {
  echo
  echo "== wall time per stage"
  printf '%-24s %9s  %s\n' stage "time" result
  for i in "${!STAGES[@]}"; do
    printf '%-24s %6dm%02ds  %s\n' "${STAGES[$i]}" $((TIMES[i] / 60)) $((TIMES[i] % 60)) \
      "${RESULTS[$i]}"
  done
  local total=$((SECONDS - START))
  printf '%-24s %6dm%02ds\n' "total (wall)" $((total / 60)) $((total % 60))
}
trap summary EXIT

stage() { # name command...: a stage in the foreground; stops the script when it fails
  local name=$1 begin=$SECONDS
  shift
  echo "== $name"
  if "$@"; then
    record "$name" $((SECONDS - begin)) ok
  else
    record "$name" $((SECONDS - begin)) FAILED
    exit 1
  fi
}

lint() { ruff check . && ruff format --check .; }
stage "ruff" lint
stage "mypy" mypy lll tests benchmarks conftest.py
stage "migrations check" env DATABASE_URL="sqlite:///:memory:" lll makemigrations --check --dry-run

PG_URL="${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
RUNS=("pytest SQLite|sqlite:///$PWD/var/test.sqlite3|sqlite")
PG_ARGS=()
SQLITE_ARGS=()
if python -c "import psycopg, sys; psycopg.connect(sys.argv[1], connect_timeout=3).close()" \
  "$PG_URL" 2>/dev/null; then
  RUNS+=("pytest PostgreSQL|$PG_URL|postgresql")
  if [ "${LLL_E2E_ON_POSTGRES:-0}" != 1 ]; then
    for file in tests/e2e/test_*.py; do
      if [[ " ${E2E_ON_POSTGRES//$'\n'/ } " == *" ${file##*/} "* ]]; then
        SQLITE_ARGS+=("--ignore=$file")
      else
        PG_ARGS+=("--ignore=$file")
      fi
    done
  fi
  PG_MESSAGE=""
else
  PG_MESSAGE="== PostgreSQL does not answer at $PG_URL: SKIPPED the PostgreSQL run"
fi

mkdir -p var
# One run: its own temporary directory and log; writes its status and time next to the log.
# A hung test must not eat CI's whole time: each run gets 30 minutes at most.
run_pytest() { # name database_url tag pytest-args...
  local name=$1 url=$2 tag=$3 begin=$SECONDS status=0
  shift 3
  local extra=()
  [ "$tag" = postgresql ] && extra=(${PG_ARGS[@]+"${PG_ARGS[@]}"})
  [ "$tag" = sqlite ] && extra=(${SQLITE_ARGS[@]+"${SQLITE_ARGS[@]}"})
  DATABASE_URL="$url" timeout 1800 pytest -p no:cacheprovider --basetemp="var/pytest-$tag" \
    ${extra[@]+"${extra[@]}"} "$@" \
    >"var/test-$tag.log" 2>&1 || status=$?
  echo "$status $((SECONDS - begin))" >"var/test-$tag.status"
}

finish_run() { # name tag: print the log of a finished run and record it
  local name=$1 tag=$2 status seconds
  read -r status seconds <"var/test-$tag.status"
  echo "== $name (log: var/test-$tag.log)"
  cat "var/test-$tag.log"
  if [ "$status" -eq 0 ]; then record "$name" "$seconds" ok; else record "$name" "$seconds" FAILED; fi
}

if [ "${LLL_TEST_SERIAL:-0}" = 1 ] || [ "${#RUNS[@]}" -eq 1 ]; then
  for run in "${RUNS[@]}"; do
    IFS='|' read -r name url tag <<<"$run"
    echo "== $name"
    run_pytest "$name" "$url" "$tag" "$@"
    finish_run "$name" "$tag"
  done
else
  echo "== ${RUNS[0]%%|*} and ${RUNS[1]%%|*} side by side, each log printed when its run ends"
  declare -A TAG_OF NAME_OF
  for run in "${RUNS[@]}"; do
    IFS='|' read -r name url tag <<<"$run"
    rm -f "var/test-$tag.status"
    run_pytest "$name" "$url" "$tag" "$@" &
    TAG_OF[$!]=$tag
    NAME_OF[$!]=$name
  done
  for _ in "${RUNS[@]}"; do
    wait -n -p done_pid || true
    finish_run "${NAME_OF[$done_pid]}" "${TAG_OF[$done_pid]}"
  done
fi
if [ -n "$PG_MESSAGE" ]; then
  echo "$PG_MESSAGE"
  record "pytest PostgreSQL" 0 skipped
fi
exit "$FAILED"
