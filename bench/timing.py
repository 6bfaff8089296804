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
    samples.sort()
    return {
        "runs": runs,
        "p50_ms": round(statistics.median(samples), 3),
        "p95_ms": round(samples[max(0, round(0.95 * runs) - 1)], 3),
        "max_ms": round(samples[-1], 3),
    }
