#!/usr/bin/env bash
# `make test`: everything from a clean checkout. Installs what is missing, lints, then runs the
# whole suite on SQLite and again on a throwaway PostgreSQL cluster.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/uv.sh sync --locked --quiet
scripts/system-deps.sh
scripts/i18n.sh compile
scripts/lint.sh

export DJANGO_ALLOW_ASYNC_UNSAFE=true  # Playwright's sync API beside pytest-django's live server
# Tests write their data folder (secret key, e-mail files) away from the developer's own.
VETRINA_DATA_DIR=$(mktemp -d -t vetrina-test.XXXXXX)
export VETRINA_DATA_DIR
trap 'rm -rf "$VETRINA_DATA_DIR"' EXIT
unset DATABASE_URL

echo "== Test suite on SQLite"
.venv/bin/pytest "$@"

echo "== Test suite on PostgreSQL"
scripts/with-postgres.sh .venv/bin/pytest "$@"
