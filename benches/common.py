"""Timing helper for the benchmarks: median of repeated runs, printed against a budget."""

import statistics
import time
from collections.abc import Callable


def report(name: str, run: Callable[[], object], budget_ms: float | None, repeats: int = 20,
           setup: Callable[[], object] | None = None) -> float:
    """Run `run` `repeats` times (after `setup` each time) and print the median against the
    budget; returns the median in milliseconds."""
    times = []
    for _ in range(repeats):
        if setup is not None:
            setup()
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    median = statistics.median(times)
    if budget_ms is None:
        print(f"{name:<55} median {median:8.2f} ms  (no budget)")
        return median
    verdict = "within" if median <= budget_ms else "OVER"
    print(f"{name:<55} median {median:8.2f} ms  budget {budget_ms:6.1f} ms  "
          f"ratio {median / budget_ms:5.2f}  {verdict}")
    return median
