"""How old a price is: the period a price date covers ("2025", "2025-06", "2024-H1",
"2024-Q3", a day) and the prices older than the planner's limit."""

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from core.i18n.message import Count, Day, Text, msg, nmsg

DEFAULT_MAX_AGE_DAYS = 365
_DATE = re.compile(r"^(\d{4})(?:-(?:(0[1-9]|1[0-2])(?:-(\d{2}))?|H([12])|Q([1-4])))?$")


def price_period(text: str) -> tuple[date, date] | None:
    """The first and last day a price date covers: "2025", "2025-06", "2025-06-15", "2024-H1",
    "2024-Q3". None for an empty or unreadable date."""
    match = _DATE.match(text.strip())
    if not match:
        return None
    year = int(match.group(1))
    month, day, half, quarter = match.group(2, 3, 4, 5)
    try:
        if day:
            start = end = date(year, int(month), int(day))
        elif month:
            start = date(year, int(month), 1)
            end = date(year, int(month), calendar.monthrange(year, int(month))[1])
        elif half or quarter:
            months = 6 if half else 3
            first = (int(half or quarter) - 1) * months + 1
            last = first + months - 1
            start = date(year, first, 1)
            end = date(year, last, calendar.monthrange(year, last)[1])
        else:
            start, end = date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return None
    return start, end


def price_age_days(text: str, today: date) -> int | None:
    """Days from the first day of the price's period to `today`; None for an undated price.

    A price dated "2025" may have been read in January 2025: counting from the start of its
    period keeps a coarse date from looking newer than it can be shown to be."""
    period = price_period(text)
    return None if period is None else max(0, (today - period[0]).days)


@dataclass(frozen=True)
class PriceAge:
    """How old one price behind a plan is."""

    label: Text  # what is priced: a message, or text shown as given
    price_date: str
    age_days: int | None  # None: no readable date


@dataclass(frozen=True)
class Staleness:
    """The age of the prices behind a plan, against the warning threshold."""

    prices: tuple[PriceAge, ...]
    max_age_days: int

    @property
    def oldest(self) -> PriceAge | None:
        dated = [p for p in self.prices if p.age_days is not None]
        return max(dated, key=lambda p: p.age_days or 0) if dated else None

    @property
    def stale(self) -> tuple[PriceAge, ...]:
        return tuple(p for p in self.prices
                     if p.age_days is None or p.age_days > self.max_age_days)

    def notice(self) -> Text | None:
        """One sentence naming the prices older than the threshold, or None."""
        stale = self.stale
        if not stale:
            return None
        names = [_aged(price) for price in stale]
        listed = names[-1]
        for name in reversed(names[:-1]):
            listed = msg("{price}; {prices}", price=name, prices=listed)
        return nmsg("{n} price older than {days} days or undated: {prices}. Re-check it or "
                    "import a newer catalog.",
                    "{n} prices older than {days} days or undated: {prices}. Re-check them or "
                    "import a newer catalog.",
                    n=Count(len(stale)), days=Count(self.max_age_days), prices=listed)

    def warning(self) -> Text | None:
        """The same sentence as notice() (its older name): render it, or str() for English."""
        return self.notice()


def _aged(price: PriceAge) -> Text:
    """'label (2024, 1,067 days)', 'label (no date)'."""
    when = Day(price.price_date) if price.price_date else msg("no date")
    if price.age_days is None:
        return msg("{price} ({date})", price=price.label, date=when)
    return nmsg("{price} ({date}, {n} day)", "{price} ({date}, {n} days)", price=price.label,
                date=when, n=Count(price.age_days))


def staleness(prices: Sequence[tuple[Text, str]], today: date,
              max_age_days: int = DEFAULT_MAX_AGE_DAYS) -> Staleness:
    """The age of each (label, price date) pair on `today`."""
    return Staleness(tuple(PriceAge(label, text, price_age_days(text, today))
                           for label, text in prices), max_age_days)
