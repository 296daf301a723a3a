"""The Monte Carlo run (core.costing.uncertainty) against its budget: 10,000 samples of the
support-assistant example (ranges on volume, the fall of API prices and the server price, and
the speed model's error) in at most 200 ms, so that the result follows an edit within a second.
Also the parts: the engine runs of the sizing draws, and one run of each example."""

import sys
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benches.common import MONTE_CARLO, report, table
from core.costing import uncertainty
from core.costing.scenario import load_scenario
from core.pricing.catalog import default_catalog
from core.resources import resource_dir


def main() -> None:
    catalog = default_catalog()
    examples = resource_dir() / "examples"
    support = load_scenario(examples / "support-assistant.llmplan.json")
    uncertainty.run(support, catalog, 100)  # the capacities, computed once per process
    report("Monte Carlo support-assistant: 10,000 samples",
           partial(uncertainty.run, support, catalog, 10_000), MONTE_CARLO, repeats=10)
    report("Monte Carlo support-assistant: 100,000 samples",
           partial(uncertainty.run, support, catalog, 100_000), None, repeats=3)
    result = uncertainty.run(support, catalog, 10_000)
    pairs = uncertainty.decision_pairs(result)
    report(f"Monte Carlo support-assistant: break-even bands ({len(pairs)} pairs, "
           f"{uncertainty.BREAK_EVEN_DRAWS} draws each)",
           partial(uncertainty.break_even_bands, support, catalog, pairs, 1), None, repeats=3)
    for path in sorted(examples.glob("*.llmplan.json")):
        if path.name.startswith("support-assistant"):
            continue
        scenario = load_scenario(path)
        uncertainty.run(scenario, catalog, 100)
        report(f"Monte Carlo {path.name.removesuffix('.llmplan.json')} (speed model's error): "
               "10,000", partial(uncertainty.run, scenario, catalog, 10_000), None, repeats=5)


if __name__ == "__main__":
    main()
    print(table())
