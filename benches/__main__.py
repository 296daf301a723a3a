"""`python -m benches` (`make bench`): every benchmark in one run, then one table of each figure
against its budget from DESIGN.md, with the machine and the date it was measured on, and the
accuracy report (predicted against published figures)."""

import os
import platform
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benches import (
    accuracy,
    bench_desktop,
    bench_fit,
    bench_plan,
    bench_probe,
    bench_report,
    bench_store,
    bench_store_backends,
    bench_uncertainty,
)
from benches.common import table

# The GUI last: it starts Qt in this process for the repaint figure.
BENCHES = (bench_plan, bench_fit, bench_report, bench_uncertainty, bench_store,
           bench_store_backends, bench_probe, bench_desktop)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from PySide6 import __version__ as qt

    return (f"{cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
            f"PySide6 {qt}, {platform.system()} {platform.release()}")


def main() -> None:
    for bench in BENCHES:
        print(f"\n== {bench.__name__.removeprefix('benches.')}: {bench.__doc__.splitlines()[0]}")
        bench.main()
    print(f"\nBenchmarks on {date.today().isoformat()}, {machine()}\n")
    print(table())
    print()
    accuracy.main()


if __name__ == "__main__":
    main()
