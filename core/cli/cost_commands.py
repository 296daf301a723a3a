"""`llmplan cost` and `llmplan report`: what a scenario file costs, and its PDF proposal."""

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from core.cli.shared import (
    EXIT_OK,
    format_staleness,
    json_text,
    language_option,
    price_ages_json,
    scenario_staleness,
)
from core.costing.plan import calculate
from core.costing.plan_text import format_plan
from core.costing.scenario import load_scenario
from core.costing.uncertainty import run
from core.costing.uncertainty_text import format_uncertainty
from core.errors import InputError
from core.files import write_atomically
from core.i18n.message import term
from core.i18n.render import LANGUAGES
from core.pricing.ages import DEFAULT_MAX_AGE_DAYS
from core.pricing.catalog import default_catalog


def add_commands(commands: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    """Register cost and report."""
    cost_parser = commands.add_parser(
        "cost", help="what a scenario costs: API vs cloud vs on-prem",
        description="Cost, break-even, payback, sensitivity and levers of a scenario file "
                    "(*.llmplan.json; examples in resources/examples/).")
    cost_parser.add_argument("file", metavar="FILE", help="scenario file")
    cost_parser.add_argument("--json", action="store_true", help="print one JSON object")
    language_option(cost_parser)
    cost_parser.add_argument("--max-price-age", type=int, default=DEFAULT_MAX_AGE_DAYS,
                             metavar="DAYS", help="warn about prices older than this "
                                                  f"(default {DEFAULT_MAX_AGE_DAYS} days)")
    _uncertainty_options(cost_parser)

    report_parser = commands.add_parser(
        "report", help="the PDF proposal of a scenario",
        description="Write the PDF proposal of a scenario file: summary, requirements, costs "
                    "with charts, levers, criteria and every assumption with its source.")
    report_parser.add_argument("file", metavar="FILE", help="scenario file")
    report_parser.add_argument("-o", "--output", required=True, metavar="PDF",
                               help="where to write the PDF")
    report_parser.add_argument("--organisation", default="", help="named on the cover")
    report_parser.add_argument("--author", default="", help="named on the cover")
    report_parser.add_argument("--paper", choices=("a4", "letter"), default="a4")
    report_parser.add_argument("--language", choices=LANGUAGES, default="en",
                               help="language of the proposal: en (default) or de")
    report_parser.add_argument("--max-price-age", type=int, default=DEFAULT_MAX_AGE_DAYS,
                               metavar="DAYS", help="prices older than this are named as a "
                                                    f"risk (default {DEFAULT_MAX_AGE_DAYS} days)")
    _uncertainty_options(report_parser, report=True)


def _uncertainty_options(parser: argparse.ArgumentParser, report: bool = False) -> None:
    when = ("the page 'How sure are we' (added anyway when the scenario has ranges)"
            if report else "the section 'How sure are we' (JSON: uncertainty)")
    parser.add_argument("--samples", type=_sample_count, metavar="N",
                        help=f"a Monte Carlo run of N samples over the scenario's ranges: {when}")
    parser.add_argument("--seed", type=int, metavar="S",
                        help="the run's random seed (default: the scenario's, else 1)")


def _sample_count(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        count = 0
    if not 1 <= count <= 1_000_000:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of samples from 1 to "
                                         "1,000,000")
    return count


def _run_cost(args: argparse.Namespace) -> int:
    scenario = load_scenario(args.file)
    try:
        plan, ages = scenario_staleness(scenario, default_catalog(), args.max_price_age)
    except InputError as error:
        raise InputError(f"{Path(args.file).name}: {error}") from error
    result = None
    if args.samples is not None:
        try:
            result = run(scenario, default_catalog(), args.samples, args.seed, break_even=True)
        except InputError as error:
            raise InputError(f"{Path(args.file).name}: {error}") from error
    if args.json:
        document = plan.to_json()
        document["price_ages"] = price_ages_json(ages)
        if result is not None:
            document["uncertainty"] = result.to_json()
        print(json_text(document, indent=2, ensure_ascii=False))
    else:
        sections = [format_plan(plan, args.language), *format_staleness(ages, args.language)]
        if result is not None:
            sections.append(format_uncertainty(result, args.language))
        print("\n".join(sections))
    return EXIT_OK


def _run_report(args: argparse.Namespace) -> int:
    from core.report import ReportSettings, build_report

    scenario = load_scenario(args.file)
    catalog = default_catalog()
    try:
        plan = calculate(scenario, catalog)
    except InputError as error:
        raise InputError(f"{Path(args.file).name}: {error}") from error
    result = None
    if args.samples is not None or scenario.uncertainty.ranges:
        try:
            result = run(scenario, catalog, args.samples, args.seed, break_even=True)
        except InputError as error:
            raise InputError(f"{Path(args.file).name}: {error}") from error
    settings = ReportSettings(organisation=args.organisation, author=args.author,
                              paper=args.paper, language=args.language,
                              max_price_age_days=args.max_price_age)
    output = Path(args.output)
    write_atomically(output, build_report(plan, scenario, catalog, settings,
                                          term("bundled catalog"), result))
    print(f"wrote {output} ({output.stat().st_size / 1000:,.0f} kB)")
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "cost": _run_cost, "report": _run_report}
