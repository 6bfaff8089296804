"""What a benchmark ran on, written beside its figures."""

import os
import platform
import time
from typing import Any


def describe() -> dict[str, Any]:
    memory_kib = 0
    try:
        with open("/proc/meminfo") as meminfo:
            memory_kib = int(meminfo.readline().split()[1])
    except OSError:
        pass
    cpu = platform.processor()
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            cpu = next(line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(memory_kib / 1024 / 1024, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
    }


# The machine's speed beside a benchmark's times. This machine is a virtual one on a shared host: from one
# hour to the next the same code's import of 100,000 creators took 55 to 91 s, its CPU time rising with
# it (99 to 163 s), while the load average and the time the kernel counted as stolen stayed where they
# were. The reference work's time moves with the host, and so says how fast the machine ran.
REFERENCE_ROUNDS = 7


def reference_ms() -> float:
    """The best of REFERENCE_ROUNDS runs of a fixed piece of Python work, in milliseconds: the lower, the
    faster the machine ran. Compare wall times taken at different hours with it."""
    best = float("inf")
    for _round in range(REFERENCE_ROUNDS):
        started = time.perf_counter()
        _reference_work()
        best = min(best, time.perf_counter() - started)
    return round(best * 1000, 1)


def _reference_work() -> int:
    # What the import's reading of lines does most, in plain Python: strings made and hashed, a dictionary
    # filled, a list sorted.
    counts: dict[str, int] = {}
    for number in range(200_000):
        word = f"w{number % 997}"
        counts[word] = counts.get(word, 0) + number
    return len(sorted(counts.items(), key=lambda item: item[1]))
