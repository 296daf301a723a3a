"""The price catalog: API prices, cloud instances, energy and hardware figures, exchange rates.

Every price carries its source and the period it was true. A missing price is None ("unknown"),
never 0.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass
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
