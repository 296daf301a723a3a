"""What the llmplan commands share: exit codes, the one-line-error parser, argument types,
the --db option, and the price ages printed with a plan."""

import argparse
import json
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, NoReturn

from core.costing.plan import calculate, price_dates
from core.costing.results import Plan
from core.costing.scenario import Scenario
from core.errors import InputError
from core.i18n.message import Count, Day, Message, Term, msg, nmsg
from core.i18n.render import LANGUAGES, render
from core.pricing.ages import DEFAULT_MAX_AGE_DAYS, Staleness, price_period, staleness
from core.pricing.catalog import PriceCatalog
from core.safe_text import one_line
from core.store.files import ENV_DB, default_db_path

if TYPE_CHECKING:
    from core.store.database import Store

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT = 0, 1, 2


class Parser(argparse.ArgumentParser):
    """argparse, with a bad argument told in one line and exit status 2."""

    def error(self, message: str) -> NoReturn:
        # One line, exit 2 (argparse prints the whole usage by default).
        self.exit(EXIT_BAD_INPUT,
                  f"llmplan: error: {one_line(message)} (see {self.prog} --help)\n")


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not allowed: give a whole number >= 1")
    return value


def number_in(low: float, high: float, *, include_low: bool,
              unit: str = "") -> Callable[[str], float]:
    """An argparse type: a number from `low` (itself allowed only with include_low) to `high`."""
    span = f"{'[' if include_low else '('}{low:g}, {high:g}]" + (f" {unit}" if unit else "")

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
        if not (low <= value if include_low else low < value) or not value <= high:
            raise argparse.ArgumentTypeError(f"{value:g} is outside {span}")
        return value

    return parse


def price_date_arg(text: str) -> str:
    """An argparse type: a price date ('2026-12-01', '2026-12', '2026', '2026-Q4', '2026-H2'),
    a real one and not in the future."""
    period = price_period(text)
    if period is None:
        raise argparse.ArgumentTypeError(
            f"'{text[:40]}' is not a date (YYYY-MM-DD, YYYY-MM, YYYY, YYYY-Qn or YYYY-Hn)")
    if period[0] > date.today():
        raise argparse.ArgumentTypeError(f"{text} is in the future")
    return text.strip()


def json_text(document: Any, **options: Any) -> str:
    """`document` as JSON that any reader takes: never Infinity or NaN.

    Raises:
        InputError: a figure came out infinite or undefined.
    """
    given = options.pop("default", None)

    def english(value: Any) -> Any:
        """A message or label inside the document as its English text (JSON stays English)."""
        if isinstance(value, (Message, Term)):
            return render(value, "en")
        if given is not None:
            return given(value)
        raise TypeError(f"{type(value).__name__} is not JSON")

    try:
        return json.dumps(document, allow_nan=False, default=english, **options)
    except ValueError:
        raise InputError("a figure came out infinite or undefined (NaN): an input is beyond "
                         "what can be computed; check the largest figures given") from None


share = number_in(0, 1, include_low=False)
percent = number_in(0, 1000, include_low=True)


def open_store(args: argparse.Namespace) -> "Store":
    """The database named by --db (default: $LLMPLAN_DB or the user's data folder)."""
    from core.store.database import Store  # SQLAlchemy loads only for commands that use it

    return Store(args.db)


def db_parent() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--db", metavar="PATH|URL",
                        help="database file, or a team database as postgresql://USER@HOST/DB "
                             f"(default: ${ENV_DB} or {default_db_path()})")
    return parent


def language_option(parser: argparse.ArgumentParser) -> None:
    """--language en|de: the language of the text output (JSON stays English). An unknown
    language is refused in one line, exit 2, by the parser."""
    parser.add_argument("--language", choices=LANGUAGES, default="en",
                        help="language of the text output: en (default) or de; --json stays "
                             "English")


def age_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--max-price-age", type=int, default=DEFAULT_MAX_AGE_DAYS,
                        metavar="DAYS", help="warn about prices older than this "
                                             f"(default {DEFAULT_MAX_AGE_DAYS} days)")



def scenario_staleness(scenario: Scenario, catalog: PriceCatalog, max_age_days: int,
                       today: date | None = None) -> tuple[Plan, Staleness]:
    """The plan of a scenario and the age of the prices behind it."""
    plan = calculate(scenario, catalog)
    return plan, staleness(price_dates(plan, scenario, catalog), today or date.today(),
                           max_age_days)


def price_ages_json(ages: Staleness) -> dict[str, Any]:
    """The `price_ages` object of `cost --json` and `scenario show --json`."""
    return {"max_age_days": ages.max_age_days, "warning": ages.warning(),
            "prices": [{"label": render(p.label, "en"), "price_date": p.price_date,
                        "age_days": p.age_days} for p in ages.prices]}


def format_staleness(ages: Staleness, language: str = "en") -> list[str]:
    """The oldest price behind a plan and, when some are older than the limit, a warning
    naming them, in `language`."""
    oldest = ages.oldest
    lines = []
    if oldest is not None:
        lines.append(render(nmsg(
            "Prices: the oldest is {label}, dated {date} ({n} day old).",
            "Prices: the oldest is {label}, dated {date} ({n} days old).",
            label=oldest.label, date=Day(oldest.price_date), n=Count(oldest.age_days or 0)),
            language))
    notice = ages.notice()
    if notice is not None:
        lines.append(render(msg("WARNING: {notice}", notice=notice), language))
    return lines

