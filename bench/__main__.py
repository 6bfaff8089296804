"""`make bench`: runs the benchmarks, each on fresh data in a temporary folder, and writes each one's
figures as JSON under bench/results/. `python -m bench ingest --creators 10000` runs one, smaller."""

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"
# Files named otherwise than <benchmark>.json, as their issues asked.
RESULT_FILES = {"metrics-page": "metrics_page.json"}


def api_detail(work: Path, options: argparse.Namespace) -> dict[str, Any]:
    os.environ["VETRINA_DATA_DIR"] = str(work)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vetrina.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from bench import api_detail

    call_command("migrate", interactive=False, verbosity=0)
    return api_detail.run()


def ingest(work: Path, options: argparse.Namespace) -> dict[str, Any]:
    from bench import ingest

    databases = (options.database,) if options.database else ingest.DATABASES
    figures = ingest.run(work, creators=options.creators or ingest.DEFAULT_CREATORS, databases=databases)
    kept = RESULTS / "ingest.json"
    if options.database and kept.exists():
        # One database measured: the other's figures stay as they were, each part saying when it ran.
        earlier = json.loads(kept.read_text())
        figures = {**{name: earlier[name] for name in ingest.DATABASES if name in earlier}, **figures}
    return figures


def authenticity(work: Path, options: argparse.Namespace) -> dict[str, Any]:
    from bench import authenticity

    return authenticity.run(work, creators=options.creators or authenticity.DEFAULT_CREATORS)


def metrics_page(work: Path, options: argparse.Namespace) -> dict[str, Any]:
    from bench import metrics_page

    return metrics_page.run(
        creators=options.creators or metrics_page.DEFAULT_CREATORS, data_dir=options.data_dir
    )


def campaign_report(work: Path, options: argparse.Namespace) -> dict[str, Any]:
    from bench import campaign_report, metrics_page

    return campaign_report.run(
        creators=options.creators or metrics_page.DEFAULT_CREATORS, data_dir=options.data_dir
    )


def search(work: Path, options: argparse.Namespace) -> dict[str, Any]:
    from bench import search

    return search.run_both(work, sqlite_creators=options.creators or search.SQLITE_CREATORS)


def page_weight(work: Path, options: argparse.Namespace) -> dict[str, Any]:
    from bench import page_weight

    return page_weight.run(work, creators=options.creators or page_weight.CREATORS)


def similar(work: Path, options: argparse.Namespace) -> dict[str, Any]:
    from bench import similar

    return similar.run(work, creators=options.creators)


def load(work: Path, options: argparse.Namespace) -> dict[str, Any]:
    from bench import load

    return load.run(work, seconds=options.seconds)


BENCHMARKS: dict[str, Callable[[Path, argparse.Namespace], dict[str, Any]]] = {
    "ingest": ingest,
    "api-detail": api_detail,
    "authenticity": authenticity,
    "metrics-page": metrics_page,
    "campaign_report": campaign_report,
    "search": search,
    "load": load,
    "similar": similar,
    "page_weight": page_weight,
}


def byte_compile() -> None:
    """Byte-compile Vetrina and its dependencies, as an installed copy is (pip compiles at install time).

    Otherwise each process a benchmark starts compiles Django from source again wherever
    PYTHONDONTWRITEBYTECODE is set (seconds per process), or the first run of a fresh virtualenv does:
    start-up cost the timings should not carry. Files already compiled are skipped.
    """
    import compileall
    import sysconfig

    for folder in (sysconfig.get_paths()["purelib"], str(Path(__file__).resolve().parent.parent / "src")):
        compileall.compile_dir(folder, quiet=1, workers=0)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument(
        "names", nargs="*", help=f"benchmarks to run, of {', '.join(BENCHMARKS)} (default: all)"
    )
    parser.add_argument(
        "--creators",
        type=int,
        help=(
            "creators for the ingest (default 100,000), authenticity (default 10,000), metrics-page "
            "and campaign_report (default 100,000, one data folder for both), search (SQLite part, "
            "default 100,000), similar (speed part, default 100,000) and page_weight (default 300) "
            "benchmarks"
        ),
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        help=(
            "metrics-page and campaign_report: measure this existing data folder (migrated and written "
            "to: pass a copy) instead of bench/data/metrics-page-N, which is seeded when absent and reused"
        ),
    )
    parser.add_argument(
        "--database",
        choices=["sqlite", "postgresql"],
        help="ingest: measure this database only (default: SQLite, then PostgreSQL on a throwaway cluster)",
    )
    parser.add_argument(
        "--seconds", type=int, default=60, help="load: seconds each run drives the server (default 60)"
    )
    parser.add_argument(
        "--out",
        help=(
            "write the figures to this file of bench/results/ instead of the benchmark's own (one "
            "benchmark only): a measurement at another size, e.g. search with VETRINA_BENCH_PG_CREATORS"
        ),
    )
    options = parser.parse_args()
    if options.out and len(options.names) != 1:
        parser.error("--out names the file of one benchmark")
    unknown = set(options.names) - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmarks: {', '.join(sorted(unknown))}")
    from bench import machine

    RESULTS.mkdir(exist_ok=True)
    byte_compile()
    for name in options.names or list(BENCHMARKS):
        print(f"== {name}", file=sys.stderr)
        with tempfile.TemporaryDirectory(prefix=f"vetrina-bench-{name}-") as work:
            load_before = os.getloadavg()
            figures = {
                "benchmark": name,
                **BENCHMARKS[name](Path(work), options),
                "machine": {
                    **machine.describe(),
                    # Other work on the machine slows the wall times: the 1, 5 and 15 minute load averages.
                    "load_average": {"before": load_before, "after": os.getloadavg()},
                },
            }
        path = RESULTS / (options.out or RESULT_FILES.get(name, f"{name}.json"))
        path.write_text(json.dumps(figures, indent=2) + "\n")
        print(json.dumps(figures, indent=2))
        print(f"written to {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
