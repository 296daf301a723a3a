"""The price catalog: API prices, cloud instances, energy and hardware figures, exchange rates.

Every price carries its source and the period it was true. A missing price is None ("unknown"),
never 0.
"""

import calendar
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from core.errors import InputError
from core.resources import load_json, resource_dir


@dataclass(frozen=True)
class CloudInstance:
    """A rentable GPU instance at its on-demand price."""

    id: str
    provider: str
    name: str
    gpu: str  # catalog GPU id
    gpus: int
    price_per_hour: float | None
    currency: str
    region: str
    source: str
    price_date: str

    @property
    def price_per_gpu_hour(self) -> float | None:
        return None if self.price_per_hour is None else self.price_per_hour / self.gpus


@dataclass(frozen=True)
class ApiPrice:
    """A pay-per-token model, prices per 1M tokens."""

    id: str
    provider: str
    model: str
    price_in_per_m: float | None
    price_out_per_m: float | None
    price_cached_in_per_m: float | None
    batch_discount: float | None
    training_price_per_m: float | None
    currency: str
    source: str
    price_date: str


@dataclass(frozen=True)
class PriceRange:
    """A figure known as a range (electricity, server prices, shares)."""

    id: str
    label: str
    low: float
    high: float
    unit: str
    currency: str
    source: str
    price_date: str
    gpu: str | None = None
    gpus: int | None = None


@dataclass(frozen=True)
class PriceCatalog:
    """One version of the price catalog."""

    retrieved: str
    rates: Mapping[str, float]  # units of each currency per 1 EUR
    rates_source: str
    rates_date: str
    cloud: tuple[CloudInstance, ...]
    api: tuple[ApiPrice, ...]
    energy: tuple[PriceRange, ...]
    hardware: tuple[PriceRange, ...]

    def rate(self, currency: str, overrides: Mapping[str, float] | None = None) -> float:
        """Units of `currency` per EUR.

        Raises:
            InputError: the currency has no rate.
        """
        if overrides and currency in overrides:
            return overrides[currency]
        if currency not in self.rates:
            known = ", ".join(sorted({*self.rates, *(overrides or {})}))
            raise InputError(f"no exchange rate for {currency} (known: {known}); add it to "
                             "the scenario's exchange_rates")
        return self.rates[currency]

    def convert(self, amount: float, source: str, target: str,
                overrides: Mapping[str, float] | None = None) -> float:
        """`amount` in currency `source` expressed in `target`."""
        if source == target:
            return amount
        return amount / self.rate(source, overrides) * self.rate(target, overrides)

    def find_api(self, price_id: str) -> ApiPrice:
        for price in self.api:
            if price.id.lower() == price_id.lower():
                return price
        raise InputError(f"no API price '{price_id}' in the catalog "
                         f"(known: {', '.join(price.id for price in self.api)})")

    def find_cloud(self, instance_id: str) -> CloudInstance:
        for instance in self.cloud:
            if instance.id.lower() == instance_id.lower():
                return instance
        raise InputError(f"no cloud instance '{instance_id}' in the catalog "
                         f"(known: {', '.join(instance.id for instance in self.cloud)})")


def _number(record: Mapping[str, Any], key: str, where: str, optional: bool = False,
            ) -> float | None:
    value = record.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value) \
            or value < 0:
        raise InputError(f"{where}: '{key}' must be a number >= 0, got {value!r}")
    return float(value)


def _text(record: Mapping[str, Any], key: str, where: str) -> str:
    value = record.get(key, "")
    if not isinstance(value, str):
        raise InputError(f"{where}: '{key}' must be text")
    return value


def _list(document: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    records = document.get(key, [])
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise InputError(f"price catalog: '{key}' must be a list of objects")
    return records


def catalog_from_dict(document: Any) -> PriceCatalog:
    """Check and read a price catalog document.

    Raises:
        InputError: naming the entry and field that is wrong.
    """
    if not isinstance(document, dict) or document.get("format") != "llmplan-prices":
        raise InputError("not an llmplan-prices catalog")
    rates_block = document.get("exchange_rates", {})
    rates = rates_block.get("rates", {}) if isinstance(rates_block, dict) else None
    if not isinstance(rates, dict) or rates.get("EUR") != 1.0:
        raise InputError("price catalog: exchange_rates.rates must map currencies to units per "
                         "EUR, with EUR = 1.0")
    checked_rates = {}
    for currency in rates:
        number = _number(rates, currency, "exchange_rates.rates")
        if not number:
            raise InputError(f"exchange_rates.rates: {currency} must be above 0")
        checked_rates[currency] = number
    cloud = []
    for index, record in enumerate(_list(document, "cloud_instances")):
        where = f"cloud_instances[{index}]"
        gpus = _number(record, "gpus", where)
        if not gpus or gpus != int(gpus):
            raise InputError(f"{where}: 'gpus' must be a whole number >= 1")
        cloud.append(CloudInstance(
            _text(record, "id", where), _text(record, "provider", where),
            _text(record, "name", where), _text(record, "gpu", where), int(gpus),
            _number(record, "price_per_hour", where, optional=True),
            _text(record, "currency", where), _text(record, "region", where),
            _text(record, "source", where), _text(record, "price_date", where)))
    api = []
    for index, record in enumerate(_list(document, "api_models")):
        where = f"api_models[{index}]"
        api.append(ApiPrice(
            _text(record, "id", where), _text(record, "provider", where),
            _text(record, "model", where),
            _number(record, "price_in_per_m", where, optional=True),
            _number(record, "price_out_per_m", where, optional=True),
            _number(record, "price_cached_in_per_m", where, optional=True),
            _number(record, "batch_discount", where, optional=True),
            _number(record, "training_price_per_m", where, optional=True),
            _text(record, "currency", where), _text(record, "source", where),
            _text(record, "price_date", where)))
    ranges: dict[str, list[PriceRange]] = {"energy": [], "hardware": []}
    for key, target in ranges.items():
        for index, record in enumerate(_list(document, key)):
            where = f"{key}[{index}]"
            gpus = record.get("gpus")
            target.append(PriceRange(
                _text(record, "id", where), _text(record, "label", where),
                _number(record, "low", where) or 0.0, _number(record, "high", where) or 0.0,
                _text(record, "unit", where), _text(record, "currency", where),
                _text(record, "source", where), _text(record, "price_date", where),
                record.get("gpu"), int(gpus) if isinstance(gpus, int) else None))
    return PriceCatalog(
        retrieved=str(document.get("retrieved", "")), rates=checked_rates,
        rates_source=str(rates_block.get("source", "")),
        rates_date=str(rates_block.get("date", "")),
        cloud=tuple(cloud), api=tuple(api), energy=tuple(ranges["energy"]),
        hardware=tuple(ranges["hardware"]))


@cache
def default_catalog() -> PriceCatalog:
    """The catalog bundled in resources/catalog/prices.json."""
    path = resource_dir() / "catalog" / "prices.json"
    try:
        return catalog_from_dict(load_json(path))
    except InputError as error:
        raise InputError(f"{path.name}: {error}") from error


# --- writing, merging, comparing ----------------------------------------------------------------

KINDS = ("api", "cloud", "energy", "hardware")
_DOCUMENT_KEYS = {"api": "api_models", "cloud": "cloud_instances", "energy": "energy",
                  "hardware": "hardware"}
Entry = ApiPrice | CloudInstance | PriceRange


def entries(catalog: PriceCatalog, kind: str) -> tuple[Entry, ...]:
    """The catalog's rows of one kind ("api", "cloud", "energy", "hardware")."""
    rows: dict[str, tuple[Entry, ...]] = {
        "api": catalog.api, "cloud": catalog.cloud, "energy": catalog.energy,
        "hardware": catalog.hardware}
    return rows[kind]


def _entry_dict(entry: Entry) -> dict[str, Any]:
    return {key: value for key, value in entry.__dict__.items()
            if value is not None or key in ("price_per_hour",)}


def catalog_to_dict(catalog: PriceCatalog, note: str = "") -> dict[str, Any]:
    """The catalog as an llmplan-prices document; catalog_from_dict reads it back unchanged."""
    document: dict[str, Any] = {"format": "llmplan-prices", "version": 1,
                                "retrieved": catalog.retrieved}
    if note:
        document["note"] = note
    document["exchange_rates"] = {"base": "EUR", "rates": dict(catalog.rates),
                                  "source": catalog.rates_source, "date": catalog.rates_date}
    for kind in KINDS:
        document[_DOCUMENT_KEYS[kind]] = [_entry_dict(e) for e in entries(catalog, kind)]
    return document


def merge_catalogs(base: PriceCatalog, incoming: PriceCatalog) -> PriceCatalog:
    """`base` with every row of `incoming` added, replacing rows of the same kind and id.

    Rows of `base` that `incoming` does not mention stay. Exchange rates from `incoming`
    replace those of `base` when it has any.
    """
    def merged(kind: str) -> tuple[Any, ...]:
        rows = {entry.id.lower(): entry for entry in entries(base, kind)}
        for entry in entries(incoming, kind):
            rows[entry.id.lower()] = entry
        return tuple(rows.values())

    has_rates = bool(incoming.rates)
    return PriceCatalog(
        retrieved=max(base.retrieved, incoming.retrieved),
        rates={**base.rates, **incoming.rates} if has_rates else base.rates,
        rates_source=incoming.rates_source if has_rates else base.rates_source,
        rates_date=incoming.rates_date if has_rates else base.rates_date,
        cloud=merged("cloud"), api=merged("api"), energy=merged("energy"),
        hardware=merged("hardware"))


@dataclass(frozen=True)
class Change:
    """One row that differs between two catalog versions."""

    kind: str  # api, cloud, energy, hardware or rate
    id: str
    change: str  # added, removed or changed
    fields: tuple[tuple[str, Any, Any], ...] = ()  # (field, old, new) for "changed"


def diff_catalogs(old: PriceCatalog, new: PriceCatalog) -> tuple[Change, ...]:
    """What changed from `old` to `new`, row by row, in catalog order."""
    changes: list[Change] = []
    for kind in KINDS:
        before = {e.id.lower(): e for e in entries(old, kind)}
        after = {e.id.lower(): e for e in entries(new, kind)}
        for key, entry in after.items():
            previous = before.get(key)
            if previous is None:
                changes.append(Change(kind, entry.id, "added"))
            elif previous != entry:
                fields = tuple((name, value, getattr(entry, name))
                               for name, value in previous.__dict__.items()
                               if getattr(entry, name) != value)
                changes.append(Change(kind, entry.id, "changed", fields))
        changes += [Change(kind, e.id, "removed") for k, e in before.items() if k not in after]
    for currency in sorted({*old.rates, *new.rates}):
        rate_before, rate_after = old.rates.get(currency), new.rates.get(currency)
        if rate_before is None:
            changes.append(Change("rate", currency, "added"))
        elif rate_after is None:
            changes.append(Change("rate", currency, "removed"))
        elif rate_before != rate_after or old.rates_date != new.rates_date:
            changes.append(Change("rate", currency, "changed",
                                  (("per_eur", rate_before, rate_after),
                                   ("date", old.rates_date, new.rates_date))))
    return tuple(changes)


# --- price dates and their age -------------------------------------------------------------------

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
    """Days from the last day of the price's period to `today` (at least this old); None for
    an undated price."""
    period = price_period(text)
    return None if period is None else max(0, (today - period[1]).days)


@dataclass(frozen=True)
class PriceAge:
    """How old one price behind a plan is."""

    label: str
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

    def warning(self) -> str | None:
        """One line naming the prices older than the threshold, or None."""
        stale = self.stale
        if not stale:
            return None
        names = "; ".join(f"{p.label} ({p.price_date or 'no date'}"
                          + (f", {p.age_days:,} days" if p.age_days is not None else "") + ")"
                          for p in stale)
        return (f"{len(stale)} price(s) older than {self.max_age_days:,} days or undated: "
                f"{names}. Re-check them or import a newer catalog.")


def staleness(prices: Sequence[tuple[str, str]], today: date,
              max_age_days: int = DEFAULT_MAX_AGE_DAYS) -> Staleness:
    """The age of each (label, price date) pair on `today`."""
    return Staleness(tuple(PriceAge(label, text, price_age_days(text, today))
                           for label, text in prices), max_age_days)


def edit_entry(catalog: PriceCatalog, kind: str, entry_id: str,
               changes: Mapping[str, Any]) -> PriceCatalog:
    """The catalog with one row's fields changed, checked like a catalog file.

    Raises:
        InputError: no such row, or a changed field is wrong (a negative price, a bad date).
    """
    document = catalog_to_dict(catalog)
    rows = document[_DOCUMENT_KEYS[kind]]
    row = next((r for r in rows if r["id"].lower() == entry_id.lower()), None)
    if row is None:
        raise InputError(f"the catalog has no {kind} row '{entry_id}'")
    row.update(changes)
    price_date = str(row.get("price_date", ""))
    if price_date and price_period(price_date) is None:
        raise InputError(f"{kind} row '{entry_id}': price date '{price_date}' is not a date "
                         "(YYYY, YYYY-MM, YYYY-MM-DD, YYYY-H1 or YYYY-Q3)")
    try:
        return catalog_from_dict(document)
    except InputError as error:
        raise InputError(f"{kind} row '{entry_id}': {error}") from None
