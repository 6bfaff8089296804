import statistics
import time
from collections.abc import Callable


def measure_ms(run: Callable[[], object], *, warmup: int = 5, runs: int = 50) -> dict[str, float | int]:
    """p50/p95/max wall time in milliseconds of `runs` calls after `warmup` untimed ones."""
    for _ in range(warmup):
        run()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        samples.append((time.perf_counter() - start) * 1000)
    return summary_ms(samples)


def measure_side_by_side_ms(
    runs_of: dict[str, Callable[[], object]], *, warmup: int = 5, runs: int = 50
) -> dict[str, dict[str, float | int]]:
    """As measure_ms for each of several calls, taking turns (a, b, c, a, b, c…): what else the machine
    does at one moment slows all of them alike, so that their figures can be compared."""
    for _ in range(warmup):
        for run in runs_of.values():
            run()
    samples: dict[str, list[float]] = {name: [] for name in runs_of}
    cpu: dict[str, list[float]] = {name: [] for name in runs_of}
    for _ in range(runs):
        for name, run in runs_of.items():
            start, start_cpu = time.perf_counter(), time.process_time()
            run()
            samples[name].append((time.perf_counter() - start) * 1000)
            cpu[name].append((time.process_time() - start_cpu) * 1000)
    # The CPU time of this process beside the wall time: it barely moves when other work shares the
    # machine (a PostgreSQL server's own work counts in the wall time only).
    return {name: {**summary_ms(taken), **cpu_summary_ms(cpu[name])} for name, taken in samples.items()}


def cpu_summary_ms(samples: list[float]) -> dict[str, float]:
    figures = summary_ms(samples)
    return {"cpu_p50_ms": figures["p50_ms"], "cpu_p95_ms": figures["p95_ms"]}


def summary_ms(samples: list[float]) -> dict[str, float | int]:
    """The median, the 95th of every 100 and the worst of some timings in milliseconds."""
    runs = len(samples)
    samples = sorted(samples)
    return {
        "runs": runs,
        "p50_ms": round(statistics.median(samples), 3),
        "p95_ms": round(samples[max(0, round(0.95 * runs) - 1)], 3),
        "max_ms": round(samples[-1], 3),
    }
