#!/usr/bin/env bash
# `make test`: everything from a clean checkout. Installs what is missing, lints, then runs the
# whole suite on SQLite and again on a throwaway PostgreSQL cluster.
set -euo pipefail
cd "$(dirname "$0")/.."

# Compiled at install, as `make install` does: where PYTHONDONTWRITEBYTECODE is set (this machine sets it),
# no process writes the bytecode it compiles, and every one the suite starts (its test processes, and the
# servers, workers and import helpers its tests start) compiled Django and the rest from source again:
# `vetrina check` took 4.7-5.2 s so, 2.0-2.5 s compiled. In one clean clone, the SQLite suite took 510.7 s
# without, 371.5 s with; its tests that start processes 196.6 and 189.2 s without, 129.7 and 104.5 s with.
scripts/uv.sh sync --locked --quiet --compile-bytecode
scripts/system-deps.sh
scripts/i18n.sh compile
scripts/lint.sh

export DJANGO_ALLOW_ASYNC_UNSAFE=true  # Playwright's sync API beside pytest-django's live server
# Tests write their data folder (secret key, e-mail files) away from the developer's own.
VETRINA_DATA_DIR=$(mktemp -d -t vetrina-test.XXXXXX)
export VETRINA_DATA_DIR
trap 'rm -rf "$VETRINA_DATA_DIR"' EXIT
unset DATABASE_URL

# The tests run in parallel, one process per core (pytest-xdist). Each process has its own test database
# (pytest-django suffixes its name with the process's id; SQLite's file is in the process's own temporary
# folder), its own data folders, live server on a free port, mail servers and Chromium. `--dist load`
# hands the tests out in collection order: the `slow` ones first (src/vetrina/conftest.py), then
# pytest-django's (plain database tests, transactional ones, the rest). In small batches, so that the
# tests queued behind a slow one are few and the other process takes the rest.
# VETRINA_TEST_PROCESSES=0 runs them in this process.
PARALLEL=(--numprocesses "${VETRINA_TEST_PROCESSES:-auto}" --dist load --maxschedchunk 8)

echo "== Test suite on SQLite"
.venv/bin/pytest "${PARALLEL[@]}" "$@"

echo "== Test suite on PostgreSQL"
scripts/with-postgres.sh .venv/bin/pytest "${PARALLEL[@]}" "$@"
