"""`python -m bench page_weight`: the creator's metrics page loaded cold in headless Chromium.

A fresh data folder (`vetrina seed`, a few hundred creators, numbers computed), static files collected
as in production, `vetrina serve` on 127.0.0.1 (whitenoise compresses, as it does for every install).
A brand member's session cookie is the only thing the browser holds: each run opens a new browser
context, so its HTTP cache is empty, and clears it once more through the DevTools protocol.

Figures, per run and their median: bytes transferred (what came over the wire, headers included, as
Chromium's Network.loadingFinished counts them: encodedDataLength), in total and per resource type;
the time from navigation start until every chart on the page is drawn (each `[data-chart]` box carries
`data-drawn="true"` and holds an `<svg>`), and the navigation's milestones (first byte, document
received, DOMContentLoaded, load), and the page's main-thread and script time as Chromium counts them
(Performance.getMetrics: CPU, so a busy machine moves them far less than the wall times). One load before the runs warms the server, uncounted. Goal: <= 600 KB
and charts drawn within 1 s (the median of the runs).
"""

import json
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from bench.commands import environment, run_vetrina

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CREATORS = 300
SEED = 1
RUNS = 7
GOAL_BYTES = 600 * 1024
GOAL_DRAWN_MS = 1000.0
# Every chart box drawn: the same condition whatever draws them.
CHARTS_DRAWN = """() => {
  const boxes = [...document.querySelectorAll('[data-chart]')];
  if (!boxes.length || !boxes.every((box) => box.dataset.drawn === 'true' && box.querySelector('svg'))) return false;
  return performance.now();
}"""


def run(work: Path, *, creators: int = CREATORS) -> dict[str, Any]:
    data_dir = work / "data"
    data_dir.mkdir()
    print(f"  seeding {creators} creators…", file=sys.stderr)
    run_vetrina(["migrate", "--verbosity", "0"], data_dir)
    run_vetrina(["seed", "--creators", str(creators), "--seed", str(SEED)], data_dir)
    run_vetrina(["collectstatic", "--noinput", "--verbosity", "0"], data_dir)
    session = _session(data_dir)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**environment(data_dir), "VETRINA_HTTPS": "false"}
    log = data_dir / "serve.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "vetrina"), "serve", "--port", str(port)],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_healthy(url, server, log)
        runs = _measure(url, session)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(120)
    totals = [r["bytes"]["total"] for r in runs]
    drawn = [r["charts_drawn_ms"] for r in runs]
    median_drawn = statistics.median(drawn)
    return {
        "what": "GET /creators/<handle>/ (the metrics page of the seeded creator with the most videos) "
        "cold in headless Chromium (Debian's), empty HTTP cache each run, signed in as a brand member, "
        "served by `vetrina serve` on 127.0.0.1 with production settings (but plain HTTP)",
        "data": {"creators": creators, "seed": SEED, "handle": session["handle"]},
        "runs": len(runs),
        "bytes": runs[0]["bytes"],
        "requests": runs[0]["requests"],
        "charts_drawn_ms": {
            "median": round(median_drawn, 1),
            "max": round(max(drawn), 1),
            "each": [round(d, 1) for d in drawn],
        },
        # Where the time goes, medians: the server's answer (first byte, whole document), then the page.
        **{
            key: {"median": round(statistics.median(r[key] for r in runs), 1)}
            for key in (
                "first_byte_ms",
                "document_received_ms",
                "dom_content_loaded_ms",
                "load_event_ms",
                "main_thread_busy_ms",
                "script_ms",
            )
        },
        "goal": f"total <= {GOAL_BYTES // 1024} KB, charts drawn <= {GOAL_DRAWN_MS:.0f} ms",
        "goal_met": max(totals) <= GOAL_BYTES and median_drawn <= GOAL_DRAWN_MS,
    }


def _session(data_dir: Path) -> dict[str, str]:
    """A signed-in brand member's session cookie and the handle to open, made in a child process set up
    on the data folder (Django is set up once per process)."""
    code = (
        "import json, django; django.setup()\n"
        "from django.conf import settings\n"
        "from django.db.models import Count\n"
        "from django.test import Client\n"
        "from bench.brand import brand_member\n"
        "from vetrina.creators.models import Creator\n"
        "user = brand_member('bench-brand@vetrina.test')\n"
        "client = Client(); client.force_login(user)\n"
        "creator = Creator.objects.filter(verified=True).annotate(n=Count('videos')).order_by('-n', 'pk').first()\n"
        "print(json.dumps({'name': settings.SESSION_COOKIE_NAME,"
        " 'value': client.cookies[settings.SESSION_COOKIE_NAME].value, 'handle': creator.handle}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={
            **environment(data_dir),
            "DJANGO_SETTINGS_MODULE": "vetrina.config.settings",
            "PYTHONPATH": str(ROOT),
        },
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"signing in failed:\n{result.stderr}")
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def _measure(url: str, session: dict[str, str]) -> list[dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    page_url = f"{url}/creators/{session['handle']}/"
    runs = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic"],
        )
        try:
            # One load first, not counted: the server's first answer compiles templates and fills
            # caches, which a browser's cold cache has nothing to do with.
            _one_load(browser, url, page_url, session)
            for _ in range(RUNS):
                runs.append(_one_load(browser, url, page_url, session))
        finally:
            browser.close()
    return runs


def _one_load(browser: Any, url: str, page_url: str, session: dict[str, str]) -> dict[str, Any]:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.add_cookies([{"name": session["name"], "value": session["value"], "url": url}])
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.clearBrowserCache")
    cdp.send("Performance.enable")
    types: dict[str, str] = {}
    sizes: dict[str, int] = {}
    cdp.on("Network.responseReceived", lambda event: types.__setitem__(event["requestId"], event["type"]))
    cdp.on(
        "Network.loadingFinished",
        lambda event: sizes.__setitem__(event["requestId"], int(event["encodedDataLength"])),
    )
    page.goto(page_url, wait_until="commit")
    drawn = page.wait_for_function(CHARTS_DRAWN, polling="raf", timeout=30_000).json_value()
    page.wait_for_load_state("load")
    # The load event has fired; let the last loadingFinished events arrive (a bounded wait on a condition).
    deadline = time.monotonic() + 5
    while set(types) - set(sizes) and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    timing = page.evaluate(
        "(({responseStart, responseEnd, domContentLoadedEventEnd, loadEventEnd}) =>"
        " ({responseStart, responseEnd, domContentLoadedEventEnd, loadEventEnd}))"
        "(performance.getEntriesByType('navigation')[0])"
    )
    # The renderer's main-thread time (s) up to now: barely moved by other work on the machine, unlike
    # the wall times above.
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    per_type: dict[str, int] = {}
    for request_id, size in sizes.items():
        kind = types.get(request_id, "Other").lower()
        per_type[kind] = per_type.get(kind, 0) + size
    context.close()
    return {
        "bytes": {"total": sum(sizes.values()), "by_type": dict(sorted(per_type.items()))},
        "requests": len(sizes),
        "charts_drawn_ms": float(drawn),
        "load_event_ms": float(timing["loadEventEnd"]),
        "first_byte_ms": float(timing["responseStart"]),
        "document_received_ms": float(timing["responseEnd"]),
        "dom_content_loaded_ms": float(timing["domContentLoadedEventEnd"]),
        "main_thread_busy_ms": metrics["TaskDuration"] * 1000,
        "script_ms": metrics["ScriptDuration"] * 1000,
    }


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"vetrina serve stopped:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{url}/login/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"vetrina serve did not answer within 60 s:\n{log.read_text(errors='replace')}")
