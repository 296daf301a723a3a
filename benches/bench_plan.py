"""A whole Plan for each bundled example, against DESIGN.md's budgets: recompute after one edit
<= 2 ms (costs, TCO and curves) and break-even + sensitivity sweeps <= 20 ms."""

import sys
from dataclasses import replace
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benches.common import PLAN_EDIT, SWEEPS, report, table
from core.costing import capacity
from core.costing.plan import calculate
from core.costing.scenario import load_scenario
from core.model.weights import clear_caches
from core.pricing.catalog import default_catalog
from core.resources import resource_dir


def _clear_caches() -> None:
    capacity.clear_caches()
    clear_caches()


def main() -> None:
    catalog = default_catalog()
    for path in sorted((resource_dir() / "examples").glob("*.llmplan.json")):
        scenario = load_scenario(path)
        name = path.name.removesuffix(".llmplan.json")
        # An edit: the volume changes, so nothing about the costs is remembered.
        edited = replace(scenario, workload=replace(
            scenario.workload, peak_to_average=scenario.workload.peak_to_average + 0.1))
        report(f"plan {name}: costs, TCO, curves (after an edit)",
               partial(calculate, edited, catalog, sweeps=False), PLAN_EDIT)
        report(f"plan {name}: full, with break-even and sensitivity",
               partial(calculate, edited, catalog), SWEEPS)
        report(f"plan {name}: full, cold (fit engine caches cleared)",
               partial(calculate, scenario, catalog), SWEEPS, repeats=5, setup=_clear_caches)


if __name__ == "__main__":
    main()
    print(table())
