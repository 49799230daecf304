#!/usr/bin/env bash
# Everything CI checks: lint, types, migrations, and the test suite on SQLite and on PostgreSQL,
# browser tests included. Called by `make test` (after installing .venv and node_modules).
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

echo "== ruff"
ruff check .
ruff format --check .
echo "== mypy"
mypy lll tests benchmarks conftest.py
echo "== migrations are up to date"
DATABASE_URL="sqlite:///:memory:" lll makemigrations --check --dry-run

echo "== pytest on SQLite"
# A hung test must not eat CI's whole time: each run gets 30 minutes at most.
DATABASE_URL="sqlite:///$PWD/var/test.sqlite3" timeout 1800 pytest -p no:cacheprovider "$@"

PG_URL="${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
if python -c "import psycopg, sys; psycopg.connect(sys.argv[1], connect_timeout=3).close()" "$PG_URL" 2>/dev/null; then
  echo "== pytest on PostgreSQL ($PG_URL)"
  DATABASE_URL="$PG_URL" timeout 1800 pytest -p no:cacheprovider "$@"
else
  echo "== PostgreSQL does not answer at $PG_URL: SKIPPED the PostgreSQL run"
fi
