"""The metrics-page benchmark's creators, built fast: a template of TEMPLATE_CREATORS creators made once by
`vetrina seed` (every number, percentile and peer group computed, in bench/data/metrics-page-template-N),
copied as many times as it takes into the database Django is set up with.

`python -m bench.metrics_page_data --template DIR --creators N --data-dir DIR`: SQLite in the data
folder, or PostgreSQL when DATABASE_URL is set (bench.metrics_page runs it under scripts/with-postgres.sh).

A copy's creators get new ids and a handle with a suffix ("anna.styles..3"), its snapshots and audience
rows new ids, and its videos their ids moved on by whole seconds: a TikTok-style id holds its second in
the top 32 bits and the creator and the video's place in the low ones, so no two collide. Each peer
group then holds that many times as many creators: its size is scaled so, its typical values stay what
they were. A creator's rows are written together, as an import writes them.

On SQLite the copies are INSERT … SELECT from the attached template. On PostgreSQL the template's rows
go in with COPY into unlogged tables, the tables' keys and indexes are dropped, each copy is one
INSERT … SELECT, then the keys and indexes are built again and the tables vacuumed and analysed, as a
restore does: a million creators and their 44 million videos in minutes, where seeding them would
take hours."""

import argparse
import os
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

# In this order: creators before the rows that point at them.
COPIED = ("creators_creator", "creators_video", "creators_followersnapshot", "creators_audiencecountry")
PEER_GROUPS = "metrics_peergroup"
STAGING = "bench_template_"  # PostgreSQL: + a table's name, the template's rows while the copies are made
# A copy's videos move on by this many ids: one second of a TikTok-style id (its top 32 bits).
VIDEO_ID_STEP = 2**32
# Each creator's rows together, in the template's order.
ORDER = {
    "creators_creator": "id",
    "creators_video": "creator_id, posted_at DESC, id DESC",
    "creators_followersnapshot": "creator_id, date",
    "creators_audiencecountry": "creator_id, country",
    PEER_GROUPS: "id",
}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.metrics_page_data")
    parser.add_argument("--template", type=Path, required=True, help="a seeded data folder")
    parser.add_argument("--creators", type=int, required=True)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True, help="where to write what was built (JSON)")
    options = parser.parse_args()
    options.data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["VETRINA_DATA_DIR"] = str(options.data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vetrina.config.settings")
    import json

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    built = build(options.template / "vetrina.sqlite3", creators=options.creators)
    options.out.write_text(json.dumps(built))


def build(template: Path, *, creators: int) -> dict[str, Any]:
    from django.db import connection

    start = time.perf_counter()
    source = sqlite3.connect(f"file:{template}?mode=ro", uri=True)
    template_creators = source.execute("SELECT COUNT(*) FROM creators_creator").fetchone()[0]
    offsets = {
        table: source.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}").fetchone()[0] for table in COPIED
    }
    source.close()
    if not template_creators or creators % template_creators:
        raise SystemExit(f"{creators} creators are not a whole number of copies of {template_creators}.")
    copies = creators // template_creators
    print(
        f"  {copies} copies of the {template_creators:,} creators of {template.parent.name}…", file=sys.stderr
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM creators_creator")
        if cursor.fetchone()[0]:
            raise SystemExit("The database holds creators already: build into an empty one.")
        phases = (_postgresql if connection.vendor == "postgresql" else _sqlite)(
            cursor, template, copies, offsets
        )
        counts = {}
        for table in COPIED:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            counts[table.removeprefix("creators_")] = cursor.fetchone()[0]
    return {
        "creators": creators,
        "template": {"folder": template.parent.name, "creators": template_creators, "copies": copies},
        "rows": counts,
        "build_seconds": {"total": round(time.perf_counter() - start, 1), **phases},
    }


def _columns(cursor: Any, table: str) -> list[str]:
    from django.db import connection

    return [column.name for column in connection.introspection.get_table_description(cursor, table)]


def _copied(
    table: str, columns: list[str], copy: int, copies: int, offsets: dict[str, int], source: str
) -> str:
    """INSERT … SELECT of one copy of the template's rows of `table`."""
    moved = {
        "id": f"id + {copy * offsets.get(table, 0)}",
        "creator_id": f"creator_id + {copy * offsets['creators_creator']}",
    }
    if table == "creators_video":
        moved["id"] = f"id + {copy * VIDEO_ID_STEP}"
    if table == "creators_creator":
        if copy:
            moved["handle"] = f"handle || '..{copy}'"
        # The peer group is `copies` times as big; a creator's size leaves the creator out.
        moved["peer_group_size"] = f"(peer_group_size + 1) * {copies} - 1"
    values = ", ".join(moved.get(column, column) for column in columns)
    return f"INSERT INTO {table} ({', '.join(columns)}) SELECT {values} FROM {source} ORDER BY {ORDER[table]}"


def _sqlite(cursor: Any, template: Path, copies: int, offsets: dict[str, int]) -> dict[str, float]:
    from django.db import transaction

    start = time.perf_counter()
    cursor.execute("ATTACH DATABASE %s AS template", [str(template)])
    with transaction.atomic():
        for copy in range(copies):
            for table in COPIED:
                cursor.execute(
                    _copied(table, _columns(cursor, table), copy, copies, offsets, f"template.{table}")
                )
        columns = ", ".join(_columns(cursor, PEER_GROUPS))
        cursor.execute(f"INSERT INTO {PEER_GROUPS} ({columns}) SELECT {columns} FROM template.{PEER_GROUPS}")
        cursor.execute(f"UPDATE {PEER_GROUPS} SET creators = creators * %s", [copies])
    cursor.execute("DETACH DATABASE template")
    copied = time.perf_counter()
    cursor.execute("ANALYZE")
    return {"copies": round(copied - start, 1), "analyze": round(time.perf_counter() - copied, 1)}


def _postgresql(cursor: Any, template: Path, copies: int, offsets: dict[str, int]) -> dict[str, float]:
    start = time.perf_counter()
    cursor.execute("SET maintenance_work_mem = '512MB'")
    source = sqlite3.connect(f"file:{template}?mode=ro", uri=True)
    for table in (*COPIED, PEER_GROUPS):
        columns = _columns(cursor, table)
        cursor.execute(f"CREATE UNLOGGED TABLE {STAGING}{table} (LIKE {table})")
        rows = source.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {ORDER[table]}")
        with cursor.cursor.copy(f"COPY {STAGING}{table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    source.close()
    staged = time.perf_counter()
    columns = _columns(cursor, PEER_GROUPS)
    cursor.execute(
        f"INSERT INTO {PEER_GROUPS} ({', '.join(columns)}) SELECT {', '.join(columns)} FROM {STAGING}{PEER_GROUPS}"
    )
    cursor.execute(f"UPDATE {PEER_GROUPS} SET creators = creators * %s", [copies])
    again = _drop_keys_and_indexes(cursor, list(COPIED))
    for copy in range(copies):
        for table in COPIED:
            cursor.execute(
                _copied(table, _columns(cursor, table), copy, copies, offsets, f"{STAGING}{table}")
            )
        if copy % 10 == 9:
            print(f"  {copy + 1} copies, {time.perf_counter() - start:.0f} s", file=sys.stderr)
    copied = time.perf_counter()
    for table in (*COPIED, PEER_GROUPS):
        cursor.execute(f"DROP TABLE {STAGING}{table}")
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT MAX(id) FROM {table}))", [table]
        )
    for name, statement in again:
        began = time.perf_counter()
        cursor.execute(statement)
        print(f"  {name}: {time.perf_counter() - began:.0f} s", file=sys.stderr)
    indexed = time.perf_counter()
    cursor.execute("VACUUM ANALYZE")
    return {
        "copy_template_in": round(staged - start, 1),
        "copies": round(copied - staged, 1),
        "keys_and_indexes": round(indexed - copied, 1),
        "vacuum_analyze": round(time.perf_counter() - indexed, 1),
    }


def _drop_keys_and_indexes(cursor: Any, tables: list[str]) -> list[tuple[str, str]]:
    """Drops the tables' keys (primary, unique, foreign, and other tables' foreign keys to them) and
    their other indexes; returns the statements that make them again, in an order that works."""
    cursor.execute(
        "SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE (conrelid = ANY(%s::regclass[]) AND contype IN ('p', 'u', 'f')) "
        "OR (contype = 'f' AND confrelid = ANY(%s::regclass[]))",
        [tables, tables],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "WHERE i.indrelid = ANY(%s::regclass[]) "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
        [tables],
    )
    indexes = cursor.fetchall()
    first = {"f": 0, "u": 1, "p": 2}  # foreign keys go first, primary keys last
    for table, name, _kind, _definition in sorted(constraints, key=lambda row: first[row[2]]):
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _definition in indexes:
        cursor.execute(f"DROP INDEX {name}")
    add = 'ALTER TABLE {} ADD CONSTRAINT "{}" {}'
    return [
        *((name, add.format(table, name, d)) for table, name, kind, d in constraints if kind == "p"),
        *((name, add.format(table, name, d)) for table, name, kind, d in constraints if kind == "u"),
        *indexes,
        *((name, add.format(table, name, d)) for table, name, kind, d in constraints if kind == "f"),
    ]


def sizes() -> dict[str, Any]:
    """The database's size, its largest tables' and their indexes', as the database counts them (MiB):
    PostgreSQL's size functions, SQLite's dbstat table."""
    from django.db import connection

    def mib(size: int) -> float:
        return round(size / 1024 / 1024, 1)

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_database_size(current_database())")
            database = cursor.fetchone()[0]
            cursor.execute(
                "SELECT c.relname, pg_table_size(c.oid), pg_indexes_size(c.oid) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r' "
                "ORDER BY pg_total_relation_size(c.oid) DESC LIMIT 6"
            )
            tables = {name: {"table_mib": mib(t), "indexes_mib": mib(i)} for name, t, i in cursor.fetchall()}
            cursor.execute(
                "SELECT c.relname, pg_relation_size(c.oid) FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid "
                "JOIN pg_class t ON t.oid = i.indrelid WHERE t.relname = ANY(%s) ORDER BY 2 DESC",
                [list(COPIED)],
            )
        else:
            cursor.execute("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")
            database = cursor.fetchone()[0]
            cursor.execute(
                "SELECT m.tbl_name, SUM(CASE WHEN m.type = 'table' THEN s.pgsize ELSE 0 END), "
                "SUM(CASE WHEN m.type = 'index' THEN s.pgsize ELSE 0 END) FROM dbstat s "
                "JOIN sqlite_master m ON m.name = s.name GROUP BY m.tbl_name ORDER BY SUM(s.pgsize) DESC LIMIT 6"
            )
            tables = {name: {"table_mib": mib(t), "indexes_mib": mib(i)} for name, t, i in cursor.fetchall()}
            placeholders = ", ".join(["%s"] * len(COPIED))
            cursor.execute(
                "SELECT s.name, SUM(s.pgsize) FROM dbstat s JOIN sqlite_master m ON m.name = s.name "
                f"WHERE m.type = 'index' AND m.tbl_name IN ({placeholders}) GROUP BY s.name ORDER BY 2 DESC",
                list(COPIED),
            )
        indexes = {name: mib(size) for name, size in cursor.fetchall()}
    return {"database_mib": mib(database), "tables": tables, "indexes_mib": indexes}


if __name__ == "__main__":
    main()
