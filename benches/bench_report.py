"""The full PDF proposal of each bundled example against DESIGN.md's budget (<= 1.5 s), from a
computed Plan to the PDF bytes (fonts registered once per process, as in the app)."""

import sys
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benches.common import PDF, report, table
from core.costing.plan import calculate
from core.costing.scenario import load_scenario
from core.pricing.catalog import default_catalog
from core.report import ReportSettings, build_report
from core.resources import resource_dir


def main() -> None:
    catalog = default_catalog()
    for path in sorted((resource_dir() / "examples").glob("*.llmplan.json")):
        scenario = load_scenario(path)
        plan = calculate(scenario, catalog)
        name = path.name.removesuffix(".llmplan.json")
        for language in ("en", "de"):
            pdf = build_report(plan, scenario, catalog, ReportSettings(language=language))
            report(f"PDF proposal {name} ({language}, {len(pdf) / 1000:.0f} kB)",
                   partial(build_report, plan, scenario, catalog,
                           ReportSettings(language=language)), PDF, repeats=5)


if __name__ == "__main__":
    main()
    print(table())
