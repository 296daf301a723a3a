"""The store on SQLite against the same store on a local PostgreSQL server: opening it, saving
a revision, importing 2,000 price rows, syncing 100 scenarios. No budget in DESIGN.md covers
these; the figures show what a team database costs over a file.

The server is the tests' throwaway cluster (tests/postgres.py: fsync and synchronous commit
off, TLS on 127.0.0.1), so its figures are a floor for a real server across a network."""

import json
import sys
import tempfile
from collections.abc import Callable
from dataclasses import replace
from itertools import count
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benches.common import report
from core.costing.scenario import load_scenario
from core.pricing.importers import ImportResult, read_prices
from core.resources import resource_dir
from core.store.database import Store
from core.store.sync import sync
from tests.postgres import Cluster, server_binaries

SCENARIOS = 100  # on the laptop, one revision each, pushed to an empty team database
FIGURES = ("open an existing database", "save a scenario revision",
           "import 2,000 API price rows (new version)",
           f"sync {SCENARIOS} scenarios to an empty team", "sync again (nothing to do)")


def _prices(shift: int) -> bytes:
    """2,000 negotiated API prices in llmplan's own format; `shift` changes every price."""
    document = {"format": "llmplan-prices", "version": 1, "retrieved": "2026-12-01",
                "exchange_rates": {"base": "EUR", "rates": {"EUR": 1.0}, "source": "none",
                                   "date": "2026-12-01"},
                "api_models": [{"id": f"acme/m-{n}", "provider": "Acme", "model": f"m-{n}",
                                "price_in_per_m": 1 + n / 1000 + shift,
                                "price_out_per_m": 4 * (1 + n / 1000 + shift),
                                "currency": "EUR", "source": "negotiated contract",
                                "price_date": "2026-12-01"} for n in range(2000)]}
    return json.dumps(document).encode()


def _laptop(path: Path) -> Store:
    """A laptop's file with SCENARIOS scenarios of one revision each."""
    scenario = load_scenario(resource_dir() / "examples" / "support-assistant.llmplan.json")
    laptop = Store(path)
    for n in range(SCENARIOS):
        laptop.save_scenario(scenario, None, name=f"Support assistant {n}")
    return laptop


def _measure(backend: str, new_database: Callable[[], str], laptop: Store) -> list[float]:
    """The FIGURES on one backend; `new_database` gives the path or URL of an empty one."""
    where = new_database()
    Store(where).close()  # creates the tables and the bundled catalog
    figures = [report(f"store on {backend}: {FIGURES[0]}", lambda: Store(where).close(), None,
                      repeats=20)]
    store = Store(where)
    scenario = load_scenario(resource_dir() / "examples" / "support-assistant.llmplan.json")
    state = {"revision": store.save_scenario(scenario, None).revision, "n": 0}

    def save() -> None:
        state["n"] += 1
        state["revision"] = store.save_scenario(
            replace(scenario, description=str(state["n"])), state["revision"]).revision

    figures.append(report(f"store on {backend}: {FIGURES[1]}", save, None, repeats=30))
    prices: dict[str, ImportResult] = {}

    def read() -> None:  # untimed: the file is read the same way for either backend
        state["n"] += 1
        prices["result"] = read_prices(_prices(state["n"]), "bench.json")

    def import_prices() -> None:
        if store.import_prices(prices["result"]).version is None:
            raise RuntimeError("the price import wrote no new catalog version")

    figures.append(report(f"store on {backend}: {FIGURES[2]}", import_prices, None, repeats=5,
                          setup=read))
    store.close()
    team: dict[str, Store] = {}

    def empty_team() -> None:  # untimed: a fresh, empty team database for each first sync
        if "store" in team:
            team["store"].close()
        team["store"] = Store(new_database())

    def first_sync() -> None:
        if len(sync(laptop, team["store"]).pushed) != SCENARIOS:
            raise RuntimeError(f"the first sync did not push the {SCENARIOS} scenarios")

    def again() -> None:
        if sync(laptop, team["store"]).changed:
            raise RuntimeError("the second sync changed something")

    try:
        figures.append(report(f"store on {backend}: {FIGURES[3]}", first_sync, None,
                              repeats=3, setup=empty_team))
        figures.append(report(f"store on {backend}: {FIGURES[4]}", again, None, repeats=10))
    finally:
        if "store" in team:
            team["store"].close()
    return figures


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="llmplan-backends-") as name:
        folder = Path(name)
        numbers = count()
        laptop = _laptop(folder / "laptop.db")
        try:
            measured = {"SQLite": _measure(
                "SQLite", lambda: str(folder / f"db-{next(numbers)}.db"), laptop)}
            binaries = server_binaries()
            if binaries is None:
                print("PostgreSQL's server (initdb, pg_ctl) is not installed: "
                      "no PostgreSQL figures (scripts/system-deps.sh installs it)")
            else:
                cluster = Cluster(binaries)
                try:
                    measured["PostgreSQL"] = _measure(
                        "PostgreSQL", lambda: cluster.url(cluster.new_database()), laptop)
                finally:
                    cluster.stop()
        finally:
            laptop.close()
    print()
    print(compare(measured))


def compare(measured: dict[str, list[float]]) -> str:
    """One row a figure, the median on each backend side by side ('-' where not measured)."""
    rows: list[tuple[str, ...]] = [("Store (median)", "SQLite", "PostgreSQL")]
    for number, figure in enumerate(FIGURES):
        rows.append((figure, *(_duration(measured[backend][number])
                               if backend in measured else "-"
                               for backend in ("SQLite", "PostgreSQL"))))
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    lines = []
    for number, row in enumerate(rows):
        lines.append("  ".join((row[0].ljust(widths[0]), row[1].rjust(widths[1]),
                                row[2].rjust(widths[2]))))
        if number == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def _duration(ms: float) -> str:
    return f"{ms / 1000:.2f} s" if ms >= 1000 else f"{ms:.2f} ms"


if __name__ == "__main__":
    main()
