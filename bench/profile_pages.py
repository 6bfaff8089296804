"""Where the search page's and the metrics page's time goes, per request: the middleware and the
handler around the view, the database queries, template rendering, the rest of the view, and (from a
second, profiled pass) the share spent formatting numbers and drawing charts.

`python -m bench.profile_pages search|metrics --data-dir DIR [--runs N]`, in a process of its own with
Django set up on the data folder (or DATABASE_URL when set): the folder of `python -m bench search`
(bench/data/search-sqlite-100000) or of `python -m bench metrics-page` (bench/data/metrics-page-100000).
Timings are in process (Django's test client, production settings), as those benchmarks take them."""

import argparse
import cProfile
import json
import os
import pstats
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

# Where a function's own time (cProfile's tottime) is counted, by the file it is in.
PROFILE_BUCKETS = {
    "formatting (vetrina.lib.formatting, Babel)": ("vetrina/lib/formatting.py", "/babel/"),
    "charts (metrics.presentation.charts, ElementTree)": ("metrics/presentation/charts.py", "/xml/etree/"),
    "templates (django.template)": ("/django/template/", "/django/templatetags/", "/templatetags/"),
    "translation (gettext)": ("/django/utils/translation/", "/gettext.py"),
    "URLs (reverse)": ("/django/urls/",),
    "database (driver and ORM)": ("/django/db/", "/sqlite3/", "/psycopg/"),
    "middleware and handler": (
        "/django/middleware/",
        "/django/contrib/sessions/",
        "/django/contrib/auth/",
        "/django/core/handlers/",
        "/django_htmx/",
        "/axes/",
        "/whitenoise/",
    ),
}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.profile_pages")
    parser.add_argument("page", choices=["search", "metrics"])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--no-profile", action="store_true", help="leave out the profiled pass")
    options = parser.parse_args()
    os.environ["VETRINA_DATA_DIR"] = str(options.data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vetrina.config.settings")
    import django

    django.setup()
    figures = profile(options.page, runs=options.runs, profiled=not options.no_profile)
    text = json.dumps(figures, indent=2)
    if options.out:
        options.out.write_text(text + "\n")
    print(text)


def urls_of(page: str) -> list[str]:
    from vetrina.creators.models import Creator

    if page == "search":
        from bench.search import SHAPES

        return [f"/search/?{urlencode(params)}" for params in SHAPES.values()]
    ids = list(Creator.objects.filter(verified=True).values_list("pk", flat=True))
    picked = random.Random(1).sample(ids, min(200, len(ids)))
    return [
        f"/creators/{handle}/"
        for handle in Creator.objects.filter(pk__in=picked).values_list("handle", flat=True)
    ]


def profile(page: str, *, runs: int, profiled: bool = True) -> dict[str, Any]:
    from django.core.handlers.base import BaseHandler
    from django.db import connection
    from django.template.backends.django import Template
    from django.test import Client

    from bench.brand import brand_member

    # Wall and CPU seconds (this process's: a PostgreSQL server's own work shows in the wall time only).
    clock: dict[str, list[float]] = {
        name: [0.0, 0.0] for name in ("view", "template", "queries", "queries_in_template")
    }
    counts = {"queries": 0}
    depth = {"template": 0}

    original_get_response = BaseHandler._get_response  # type: ignore[attr-defined]
    original_render = Template.render

    def add(name: str, start: tuple[float, float]) -> tuple[float, float]:
        took = (time.perf_counter() - start[0], time.process_time() - start[1])
        clock[name][0] += took[0]
        clock[name][1] += took[1]
        return took

    def now() -> tuple[float, float]:
        return time.perf_counter(), time.process_time()

    def timed_get_response(self: Any, request: Any) -> Any:
        start = now()
        try:
            return original_get_response(self, request)
        finally:
            add("view", start)

    def timed_render(self: Any, *args: Any, **kwargs: Any) -> Any:
        depth["template"] += 1
        start = now()
        try:
            return original_render(self, *args, **kwargs)
        finally:
            depth["template"] -= 1
            if not depth["template"]:
                add("template", start)

    def timed_query(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        start = now()
        try:
            return execute(sql, params, many, context)
        finally:
            add("queries_in_template" if depth["template"] else "queries", start)
            counts["queries"] += 1

    BaseHandler._get_response = timed_get_response  # type: ignore[attr-defined]
    Template.render = timed_render  # type: ignore[method-assign]

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(brand_member("bench-profile@brand.test"))
    urls = urls_of(page)

    def get(url: str) -> None:
        response = client.get(url, secure=True)
        assert response.status_code == 200, (url, response.status_code)

    for url in urls[:20]:
        get(url)  # warm-up: caches, the template loader, the connection
    for key in clock:
        clock[key] = [0.0, 0.0]
    counts["queries"] = 0
    wall: list[float] = []
    cpu: list[float] = []
    with connection.execute_wrapper(timed_query):
        for n in range(runs):
            url = urls[n % len(urls)]
            start = now()
            get(url)
            wall.append(time.perf_counter() - start[0])
            cpu.append(time.process_time() - start[1])

    def split(kind: int, total: float) -> dict[str, float]:
        view, template = clock["view"][kind], clock["template"][kind]
        queries, in_template = clock["queries"][kind], clock["queries_in_template"][kind]
        parts = {
            "total": total,
            "middleware_and_handler": total - view,
            "queries": queries + in_template,
            "template_rendering": template - in_template,
            "view_rest": view - template - queries,
        }
        return {name: round(seconds / runs * 1000, 2) for name, seconds in parts.items()}

    wall_sorted, cpu_sorted = sorted(wall), sorted(cpu)
    cpu_split, wall_split = split(1, sum(cpu)), split(0, sum(wall))
    BaseHandler._get_response = original_get_response  # type: ignore[attr-defined]
    Template.render = original_render  # type: ignore[method-assign]

    # A second pass under cProfile: where the functions' own time goes, by bucket (inflated by the
    # profiler's own cost, so read as shares).
    profiler = cProfile.Profile()
    profiled_runs = max(runs // 3, 30) if profiled else 0
    profiler.enable()
    for n in range(profiled_runs):
        get(urls[n % len(urls)])
    profiler.disable()
    stats = pstats.Stats(profiler)
    own: dict[str, float] = dict.fromkeys(PROFILE_BUCKETS, 0.0)
    everything = 0.0
    by_function: list[tuple[float, str]] = []
    for (filename, line, name), (_cc, _nc, tottime, _cumtime, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        everything += tottime or 1e-9
        by_function.append(
            (tottime, f"{filename.split('site-packages/')[-1].split('src/')[-1]}:{line}({name})")
        )
        for bucket, markers in PROFILE_BUCKETS.items():
            if any(marker in filename for marker in markers):
                own[bucket] += tottime
                break
    by_function.sort(reverse=True)
    return {
        "page": page,
        "database": connection.vendor,
        "runs": runs,
        "cpu_ms_per_request": cpu_split,
        "wall_ms_per_request": wall_split,
        "cpu_p50_ms": round(cpu_sorted[len(cpu) // 2] * 1000, 2),
        "cpu_p95_ms": round(cpu_sorted[max(0, round(0.95 * runs) - 1)] * 1000, 2),
        "wall_p50_ms": round(wall_sorted[len(wall) // 2] * 1000, 2),
        "wall_p95_ms": round(wall_sorted[max(0, round(0.95 * runs) - 1)] * 1000, 2),
        "queries_per_request": round(counts["queries"] / runs, 2),
        "profiled_share_of_own_time": {
            bucket: round(seconds / everything, 3) for bucket, seconds in own.items()
        },
        "top_functions_own_time_share": [
            (round(seconds / everything, 3), name) for seconds, name in by_function[:25]
        ],
        "load_average": os.getloadavg(),
    }


if __name__ == "__main__":
    main()
