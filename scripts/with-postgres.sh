#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster: initdb in a temporary folder, start it on a
# free port on 127.0.0.1, export DATABASE_URL, run the command, then stop the cluster and delete it.
# With VETRINA_PG_KEEP=<folder>, the cluster lives in that folder instead and is kept when stopped: made
# there the first time, started again from it the next (the benchmarks keep their data so).
set -euo pipefail

PGBIN=$(dirname "$(compgen -G "/usr/lib/postgresql/*/bin/initdb" | sort -V | tail -n 1)")
if [ -n "${VETRINA_PG_KEEP:-}" ]; then
  mkdir -p "$VETRINA_PG_KEEP"
  PGROOT=$(cd "$VETRINA_PG_KEEP" && pwd)
else
  PGROOT=$(mktemp -d -t vetrina-pg.XXXXXX)
fi
PGPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

if [ "$(id -u)" -eq 0 ]; then
  # PostgreSQL refuses to run as root.
  chown postgres:postgres "$PGROOT"
  as_pg() { (cd / && runuser -u postgres -- "$@"); }
else
  as_pg() { "$@"; }
fi

stop() {
  as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -m fast -w stop >/dev/null 2>&1 || true
  [ -n "${VETRINA_PG_KEEP:-}" ] || rm -rf "$PGROOT"
}
trap stop EXIT

FRESH=1
if [ -f "$PGROOT/data/PG_VERSION" ]; then
  FRESH=0
else
  as_pg "$PGBIN/initdb" -D "$PGROOT/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi
as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGROOT -c fsync=off -c full_page_writes=off" start >/dev/null
if [ "$FRESH" -eq 1 ]; then
  psql -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres \
    -c "CREATE ROLE vetrina LOGIN PASSWORD 'vetrina' CREATEDB" -c "CREATE DATABASE vetrina OWNER vetrina"
fi
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT"

export DATABASE_URL="postgres://vetrina:vetrina@127.0.0.1:$PGPORT/vetrina"
"$@"
