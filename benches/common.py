"""Timing helper for the benchmarks: the median of repeated runs against a budget from
DESIGN.md ("Budgets"), printed as it is measured and gathered for one table at the end."""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Budget:
    limit_ms: float
    words: str  # the budget as DESIGN.md states it, shortened


PLAN_EDIT = Budget(2.0, "Plan after one edit <= 2 ms")
SWEEPS = Budget(20.0, "break-even + sensitivity <= 20 ms")
RECOMMEND = Budget(50.0, "recommendation table <= 50 ms")
RECOMMEND_PER_MODEL = Budget(0.5, "recommendation <= 0.5 ms per catalog model")
COLD_FIT = Budget(2.0, "one cold fit <= 2 ms")
REPAINT = Budget(50.0, "edit to repainted chart <= 50 ms")
PDF = Budget(1500.0, "full PDF proposal <= 1.5 s")
MONTE_CARLO = Budget(200.0, "10,000 Monte Carlo samples <= 200 ms")
START_RATIO = 2.5  # start to first window <= 2.5x a bare PySide6 window


def start_budget(bare_ms: float) -> Budget:
    return Budget(START_RATIO * bare_ms,
                  f"first window <= {START_RATIO}x bare = {START_RATIO * bare_ms:.0f} ms")


@dataclass(frozen=True)
class Result:
    name: str
    median_ms: float
    budget: Budget | None

    @property
    def ratio(self) -> float | None:
        return None if self.budget is None else self.median_ms / self.budget.limit_ms


RESULTS: list[Result] = []


def record(name: str, median_ms: float, budget: Budget | None) -> Result:
    """Keep one figure for the table and print it at once (a long run shows progress)."""
    result = Result(name, median_ms, budget)
    RESULTS.append(result)
    if result.ratio is None:
        print(f"{name:<62} {median_ms:9.2f} ms")
    else:
        print(f"{name:<62} {median_ms:9.2f} ms  ratio {result.ratio:5.2f}  {_verdict(result)}")
    return result


def report(name: str, run: Callable[[], object], budget: Budget | None, repeats: int = 20,
           setup: Callable[[], object] | None = None) -> float:
    """Run `run` `repeats` times (after `setup` each time) and record the median in ms."""
    return record(name, median_ms(run, repeats, setup), budget).median_ms


def median_ms(run: Callable[[], object], repeats: int = 20,
              setup: Callable[[], object] | None = None) -> float:
    times = []
    for _ in range(repeats):
        if setup is not None:
            setup()
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _verdict(result: Result) -> str:
    if result.ratio is None:
        return ""
    return "within" if result.ratio <= 1 else "OVER"


def table() -> str:
    """Every figure recorded so far with its budget and the ratio measured / budget (1.00 = at
    the limit)."""
    rows = [("Figure", "Median", "Budget (DESIGN.md)", "Ratio", "")]
    for result in RESULTS:
        budget = result.budget
        rows.append((result.name, _duration(result.median_ms),
                     "-" if budget is None else budget.words,
                     "-" if result.ratio is None else f"{result.ratio:.2f}", _verdict(result)))
    widths = [max(len(row[column]) for row in rows) for column in range(5)]
    lines = []
    for number, row in enumerate(rows):
        lines.append("  ".join((row[0].ljust(widths[0]), row[1].rjust(widths[1]),
                                row[2].ljust(widths[2]), row[3].rjust(widths[3]),
                                row[4])).rstrip())
        if number == 0:
            lines.append("  ".join("-" * width for width in widths))
    over = sum(1 for result in RESULTS if _verdict(result) == "OVER")
    with_budget = sum(1 for result in RESULTS if result.budget is not None)
    lines.append(f"{with_budget - over} of {with_budget} figures with a budget are within it."
                 if with_budget else "No budget in DESIGN.md covers these figures.")
    return "\n".join(lines)


def _duration(ms: float) -> str:
    return f"{ms / 1000:.2f} s" if ms >= 1000 else f"{ms:.2f} ms"
