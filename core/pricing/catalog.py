"""The price catalog: API prices, cloud instances, energy and hardware figures, exchange rates.

Every price carries its source and the period it was true. A missing price is None ("unknown"),
never 0.
"""

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from dataclasses import replace as dataclass_replace
from datetime import date
from functools import cache, cached_property
from typing import Any, TypeVar

from core.errors import InputError
from core.pricing.ages import price_period
from core.resources import load_json, resource_dir

# Exchange rates are units of a currency per EUR. Real ones run from about 0.3 (Kuwaiti dinar)
# to about a million (Iranian rial at market rates); outside 1e-4..1e7 a rate is a slip, and
# 1e-300 made every converted figure overflow (a plan of NaN: 'internal error').
MIN_RATE_PER_EUR = 1e-4
MAX_RATE_PER_EUR = 1e7


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
class ScheduledPrice:
    """A price change a provider has announced: from `start` (YYYY-MM-DD) on, these prices."""

    start: str
    price_in_per_m: float | None
    price_out_per_m: float | None


@dataclass(frozen=True)
class TimeOfDayPrice:
    """A price for part of the day (UTC), e.g. DeepSeek's off-peak hours."""

    start_utc: str  # HH:MM
    end_utc: str
    price_in_per_m: float | None
    price_out_per_m: float | None


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
    price_cache_write_per_m: float | None = None
    # Prompts above the threshold pay the long-context prices for all their tokens
    # (Anthropic, Google, OpenAI: the "cliff" tiers genai-prices describes).
    long_context_threshold: float | None = None
    price_in_long_per_m: float | None = None
    price_out_long_per_m: float | None = None
    scheduled: tuple[ScheduledPrice, ...] = ()
    time_of_day: tuple[TimeOfDayPrice, ...] = ()
    deprecated: bool = False  # the provider still serves it, and has said it will stop
    retired: bool = False  # no longer served: kept for old plans, never for new ones
    # A fine-tuned copy of the model, where the provider prices it apart (OpenAI: ft: models).
    price_in_finetuned_per_m: float | None = None
    price_out_finetuned_per_m: float | None = None
    # How far the prices may lie from these figures, as a share: the Monte Carlo run draws
    # them from a PERT range of (1 - spread) to (1 + spread) times each (None: as given).
    spread: float | None = None


# ApiPrice fields past the first eleven: kept in a row's `details` in the store, written to a
# catalog file only when set.
API_DETAILS = ("price_cache_write_per_m", "long_context_threshold", "price_in_long_per_m",
               "price_out_long_per_m", "scheduled", "time_of_day", "deprecated", "retired",
               "price_in_finetuned_per_m", "price_out_finetuned_per_m", "spread")


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

    @cached_property
    def _index(self) -> tuple[dict[str, ApiPrice], dict[str, CloudInstance]]:
        """Rows by lower-case id (a plan looks its options' rows up on every edit)."""
        api: dict[str, ApiPrice] = {}
        cloud: dict[str, CloudInstance] = {}
        for price in self.api:
            api.setdefault(price.id.lower(), price)
        for instance in self.cloud:
            cloud.setdefault(instance.id.lower(), instance)
        return api, cloud

    def find_api(self, price_id: str) -> ApiPrice:
        found = self._index[0].get(price_id.lower())
        if found is not None:
            return found
        raise InputError(f"no API price '{price_id}' in the catalog "
                         f"(known: {', '.join(price.id for price in self.api)})")

    def find_cloud(self, instance_id: str) -> CloudInstance:
        found = self._index[1].get(instance_id.lower())
        if found is not None:
            return found
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


T = TypeVar("T")


def _rates(document: Mapping[str, Any]) -> tuple[dict[str, float], Mapping[str, Any]]:
    """The exchange rates per EUR (EUR = 1), and their block (source, date)."""
    rates_block = document.get("exchange_rates", {})
    rates = rates_block.get("rates", {}) if isinstance(rates_block, dict) else None
    if not isinstance(rates, dict) or rates.get("EUR") != 1.0:
        raise InputError("price catalog: exchange_rates.rates must map currencies to units per "
                         "EUR, with EUR = 1.0")
    checked_rates = {}
    for currency in rates:
        number = _number(rates, currency, "exchange_rates.rates")
        if number is None or not MIN_RATE_PER_EUR <= number <= MAX_RATE_PER_EUR:
            raise InputError(f"exchange_rates.rates.{str(currency)[:20]}: {number:g} is not a "
                             f"rate per EUR (accepted: {MIN_RATE_PER_EUR:g} to "
                             f"{MAX_RATE_PER_EUR:g})")
        checked_rates[currency] = number
    return checked_rates, rates_block


def _cloud(record: Mapping[str, Any], where: str) -> CloudInstance:
    gpus = _number(record, "gpus", where)
    if not gpus or gpus != int(gpus):
        raise InputError(f"{where}: 'gpus' must be a whole number >= 1")
    return CloudInstance(
        _text(record, "id", where), _text(record, "provider", where),
        _text(record, "name", where), _text(record, "gpu", where), int(gpus),
        _number(record, "price_per_hour", where, optional=True),
        _text(record, "currency", where), _text(record, "region", where),
        _text(record, "source", where), _text(record, "price_date", where))


def _api(record: Mapping[str, Any], where: str) -> ApiPrice:
    return ApiPrice(
        _text(record, "id", where), _text(record, "provider", where),
        _text(record, "model", where),
        _number(record, "price_in_per_m", where, optional=True),
        _number(record, "price_out_per_m", where, optional=True),
        _number(record, "price_cached_in_per_m", where, optional=True),
        _number(record, "batch_discount", where, optional=True),
        _number(record, "training_price_per_m", where, optional=True),
        _text(record, "currency", where), _text(record, "source", where),
        _text(record, "price_date", where), **api_details(record, where))


def _flag(record: Mapping[str, Any], key: str, where: str) -> bool:
    value = record.get(key, False)
    if not isinstance(value, bool):
        raise InputError(f"{where}: '{key}' must be true or false")
    return value


def _day(record: Mapping[str, Any], key: str, where: str, pattern: str) -> str:
    value = _text(record, key, where)
    if not re.fullmatch(pattern, value):
        raise InputError(f"{where}: '{key}' is not a {'date' if '-' in pattern else 'time'}: "
                         f"{value[:40]!r}")
    return value


def api_details(record: Mapping[str, Any], where: str) -> dict[str, Any]:
    """The optional API_DETAILS fields of a catalog record, checked."""
    details: dict[str, Any] = {
        name: _number(record, name, where, optional=True)
        for name in ("price_cache_write_per_m", "long_context_threshold",
                     "price_in_long_per_m", "price_out_long_per_m",
                     "price_in_finetuned_per_m", "price_out_finetuned_per_m")}
    changes = record.get("scheduled", [])
    windows = record.get("time_of_day", [])
    for key, value in (("scheduled", changes), ("time_of_day", windows)):
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value) \
                or len(value) > 100:
            raise InputError(f"{where}: '{key}' must be a list of up to 100 objects")
    details["scheduled"] = tuple(ScheduledPrice(
        _day(c, "start", f"{where}.scheduled[{i}]", r"\d{4}-\d{2}-\d{2}"),
        _number(c, "price_in_per_m", f"{where}.scheduled[{i}]", optional=True),
        _number(c, "price_out_per_m", f"{where}.scheduled[{i}]", optional=True))
        for i, c in enumerate(changes))
    details["time_of_day"] = tuple(TimeOfDayPrice(
        _day(w, "start_utc", f"{where}.time_of_day[{i}]", r"\d{2}:\d{2}"),
        _day(w, "end_utc", f"{where}.time_of_day[{i}]", r"\d{2}:\d{2}"),
        _number(w, "price_in_per_m", f"{where}.time_of_day[{i}]", optional=True),
        _number(w, "price_out_per_m", f"{where}.time_of_day[{i}]", optional=True))
        for i, w in enumerate(windows))
    spread = _number(record, "spread", where, optional=True)
    if spread is not None and not 0 <= spread < 1:
        raise InputError(f"{where}: 'spread' must be a share from 0 to below 1, got {spread:g}")
    details["spread"] = spread or None
    details["deprecated"] = _flag(record, "deprecated", where)
    details["retired"] = _flag(record, "retired", where)
    return {k: v for k, v in details.items() if v not in (None, (), False)}


def api_details_dict(entry: ApiPrice) -> dict[str, Any]:
    """The API_DETAILS fields an entry sets, as plain JSON values (api_details reads them)."""
    out: dict[str, Any] = {}
    for name in API_DETAILS:
        value = getattr(entry, name)
        if value in (None, (), False):
            continue
        out[name] = [item.__dict__ for item in value] if isinstance(value, tuple) else value
    return out


def _range(record: Mapping[str, Any], where: str) -> PriceRange:
    gpus = record.get("gpus")
    return PriceRange(
        _text(record, "id", where), _text(record, "label", where),
        _number(record, "low", where) or 0.0, _number(record, "high", where) or 0.0,
        _text(record, "unit", where), _text(record, "currency", where),
        _text(record, "source", where), _text(record, "price_date", where),
        record.get("gpu"), int(gpus) if isinstance(gpus, int) else None)


def catalog_from_dict(document: Any) -> PriceCatalog:
    """Check and read a price catalog document.

    Raises:
        InputError: naming the entry and field that is wrong.
    """
    if not isinstance(document, dict) or document.get("format") != "llmplan-prices":
        raise InputError("not an llmplan-prices catalog")
    rates, rates_block = _rates(document)

    def read(key: str, entry: Callable[[Mapping[str, Any], str], T]) -> tuple[T, ...]:
        return tuple(entry(record, f"{key}[{index}]")
                     for index, record in enumerate(_list(document, key)))

    return PriceCatalog(
        retrieved=str(document.get("retrieved", "")), rates=rates,
        rates_source=str(rates_block.get("source", "")),
        rates_date=str(rates_block.get("date", "")),
        cloud=read("cloud_instances", _cloud), api=read("api_models", _api),
        energy=read("energy", _range), hardware=read("hardware", _range))


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
DOCUMENT_KEYS = {"api": "api_models", "cloud": "cloud_instances", "energy": "energy",
                 "hardware": "hardware"}
Entry = ApiPrice | CloudInstance | PriceRange


def entries(catalog: PriceCatalog, kind: str) -> tuple[Entry, ...]:
    """The catalog's rows of one kind ("api", "cloud", "energy", "hardware")."""
    rows: dict[str, tuple[Entry, ...]] = {
        "api": catalog.api, "cloud": catalog.cloud, "energy": catalog.energy,
        "hardware": catalog.hardware}
    return rows[kind]


def _entry_dict(entry: Entry) -> dict[str, Any]:
    if isinstance(entry, ApiPrice):
        return {**{key: value for key, value in entry.__dict__.items()
                   if key not in API_DETAILS and value is not None},
                **api_details_dict(entry)}
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
        document[DOCUMENT_KEYS[kind]] = [_entry_dict(e) for e in entries(catalog, kind)]
    return document


def merge_catalogs(base: PriceCatalog, incoming: PriceCatalog) -> PriceCatalog:
    """`base` with every row of `incoming` added, replacing rows of the same kind and id.

    Rows of `base` that `incoming` does not mention stay. Exchange rates from `incoming`
    replace those of `base` for the currencies it names (see _merged_rates).
    """
    def merged(kind: str) -> tuple[Any, ...]:
        rows = {entry.id.lower(): entry for entry in entries(base, kind)}
        for entry in entries(incoming, kind):
            rows[entry.id.lower()] = entry
        return tuple(rows.values())

    rates, source, when = _merged_rates(base, incoming)
    return PriceCatalog(
        retrieved=max(base.retrieved, incoming.retrieved),
        rates=rates, rates_source=source, rates_date=when,
        cloud=merged("cloud"), api=merged("api"), energy=merged("energy"),
        hardware=merged("hardware"))


def retire_and_replace(base: PriceCatalog, incoming: PriceCatalog, *, retire: bool = False,
                       replace_same: bool = False) -> PriceCatalog:
    """`base` made ready for `incoming`'s rows: with replace_same, a row that prices the same
    thing under another id (an API row of the same provider and model, a cloud row of the
    same provider, instance and region) is dropped for the incoming one; with retire, the API
    rows of the file's providers that the file no longer lists are kept, marked retired (old
    plans still open, new ones never recommend them)."""
    incoming_ids = {e.id.lower() for kind in KINDS for e in entries(incoming, kind)}
    api = list(base.api)
    cloud = list(base.cloud)
    if replace_same:
        models = {(p.provider.lower(), p.model.lower()) for p in incoming.api}
        api = [p for p in api if p.id.lower() in incoming_ids
               or (p.provider.lower(), p.model.lower()) not in models]
        machines = {(c.provider.lower(), c.name.lower(), c.region.lower())
                    for c in incoming.cloud}
        cloud = [c for c in cloud if c.id.lower() in incoming_ids
                 or (c.provider.lower(), c.name.lower(), c.region.lower()) not in machines]
    if retire:
        providers = {p.provider.lower() for p in incoming.api}
        api = [dataclass_replace(p, retired=True)
               if p.provider.lower() in providers and p.id.lower() not in incoming_ids else p
               for p in api]
    return dataclass_replace(base, api=tuple(api), cloud=tuple(cloud))


def _merged_rates(base: PriceCatalog, incoming: PriceCatalog
                  ) -> tuple[dict[str, float], str, str]:
    """The rates after an import, with a source and date true for all of them. A block that
    names only EUR (always 1) changes nothing; one that covers some currencies keeps the
    others' source in the text and the older of the two dates (the catalog has one date for
    its rates, and a price is as old as its oldest part)."""
    covered = {currency for currency in incoming.rates if currency != "EUR"}
    if not covered:
        return dict(base.rates), base.rates_source, base.rates_date
    rates = {**base.rates, **incoming.rates}
    others = sorted(set(base.rates) - covered - {"EUR"})
    if not others:
        return rates, incoming.rates_source, incoming.rates_date
    source = (f"{incoming.rates_source} ({', '.join(sorted(covered))}); "
              f"{base.rates_source} ({', '.join(others)})")
    dates = [d for d in (base.rates_date, incoming.rates_date) if price_period(d)]
    oldest = min(dates, key=lambda d: price_period(d) or (date.max, date.max), default="")
    return rates, source, oldest


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


def edit_entry(catalog: PriceCatalog, kind: str, entry_id: str,
               changes: Mapping[str, Any]) -> PriceCatalog:
    """The catalog with one row's fields changed, checked like a catalog file.

    Raises:
        InputError: no such row, or a changed field is wrong (a negative price, a bad date).
    """
    document = catalog_to_dict(catalog)
    rows = document[DOCUMENT_KEYS[kind]]
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
