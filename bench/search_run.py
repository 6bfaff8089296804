"""One database's part of the search benchmark, in a process of its own (Django is set up once per
process): `python -m bench.search_run --creators N --out FILE`, against DATABASE_URL when set (a
throwaway PostgreSQL, see bench/__main__.py), else SQLite in --data-dir, built once and kept there."""

import argparse
import json
import os
import time
from pathlib import Path
from typing import Any


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.search_run")
    parser.add_argument("--creators", type=int, required=True)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--out", type=Path, required=True)
    options = parser.parse_args()
    options.data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["VETRINA_DATA_DIR"] = str(options.data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vetrina.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench import search

    built = _data(options.creators, options.data_dir)
    # The page's stylesheets, as a deployment serves them (out of debug mode, from a manifest).
    call_command("collectstatic", interactive=False, verbosity=0)
    figures = {
        "database": connection.vendor,
        "server_version": _version(),
        "data": {**built, "disk_mib": _disk_mib(options.data_dir)},
        **search.run(runs=options.runs, warmup=5),
    }
    options.out.write_text(json.dumps(figures, indent=2))


def _data(count: int, data_dir: Path) -> dict[str, Any]:
    """The creators: built now (and remembered), or as built by an earlier run (bench.search checks
    that they were built from the same code)."""
    from django.core.management import call_command

    from bench import search, search_data

    marker = data_dir / "search-data.json"
    if marker.exists():
        call_command("migrate", interactive=False, verbosity=0)  # a newer index, if any
        return {**json.loads(marker.read_text()), "cached": True}
    start = time.perf_counter()
    # The tables first, the creators, then the search indexes over them: faster than keeping every
    # index current row by row, and what migrating an existing database does.
    call_command("migrate", "creators", interactive=False, verbosity=0)
    built = search_data.build(count)
    call_command("migrate", interactive=False, verbosity=0)
    built["build_seconds"] = round(time.perf_counter() - start, 1)
    marker.write_text(json.dumps({**built, "stamp": search.build_stamp(count)}))
    return {**built, "cached": False}


def _disk_mib(data_dir: Path) -> float:
    from django.db import connection

    if connection.vendor == "sqlite":
        size = sum(path.stat().st_size for path in data_dir.glob("vetrina.sqlite3*"))
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            size = cursor.fetchone()[0]
    return round(size / 1024 / 1024, 1)


def _version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_version()" if connection.vendor == "sqlite" else "SHOW server_version")
        return str(cursor.fetchone()[0])


if __name__ == "__main__":
    main()
