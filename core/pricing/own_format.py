"""Our own price files, llmplan-prices JSON and CSV (one row per price, OWN_CSV_COLUMNS):
read back and written out, so a catalog exported here imports unchanged."""

import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from core.errors import InputError
from core.i18n.message import Message, Name, msg
from core.pricing.catalog import (
    API_DETAILS,
    MAX_RATE_PER_EUR,
    MIN_RATE_PER_EUR,
    ApiPrice,
    CloudInstance,
    PriceCatalog,
    PriceRange,
    api_details,
    api_details_dict,
    catalog_from_dict,
    catalog_to_dict,
)
from core.pricing.checks import (
    MAX_PRICE_PER_HOUR,
    MAX_PRICE_PER_M_TOKENS,
    RowSkipped,
    Skipped,
    check_rows,
    checked_count,
    checked_price,
    csv_rows,
    detailed,
)
from core.pricing.clouds import catalog_gpu
from core.safe_text import csv_cell

OWN_CSV_COLUMNS = (
    "kind", "id", "provider", "name", "gpu", "gpus", "price_per_hour", "price_in_per_m",
    "price_out_per_m", "price_cached_in_per_m", "batch_discount", "training_price_per_m",
    "label", "low", "high", "unit", "rate_per_eur", "currency", "region", "source",
    "price_date", "details")


Common = tuple[str, str, str]  # currency, source, price_date of a row


def _api_row(entry_id: str, row: dict[str, str], common: Common) -> ApiPrice:
    def per_m(column: str, optional: bool = False) -> float | None:
        return checked_price(row.get(column), column, MAX_PRICE_PER_M_TOKENS, optional)

    details: dict[str, Any] = {}
    if row.get("details"):
        try:
            document = json.loads(row["details"])
        except ValueError:
            raise RowSkipped(msg("details is not JSON")) from None
        if not isinstance(document, dict):
            raise RowSkipped(msg("details is not a JSON object"))
        try:
            details = api_details(document, "details")
        except InputError as error:
            raise RowSkipped(str(error)) from None  # a refusal's text: English
    return ApiPrice(entry_id, row.get("provider", ""), row.get("name", ""),
                    per_m("price_in_per_m"), per_m("price_out_per_m"),
                    per_m("price_cached_in_per_m", optional=True),
                    _share(row.get("batch_discount")),
                    per_m("training_price_per_m", optional=True), *common, **details)


def _cloud_row(entry_id: str, row: dict[str, str], common: Common) -> CloudInstance:
    gpu = catalog_gpu(row.get("gpu", ""))
    return CloudInstance(
        entry_id, row.get("provider", ""), row.get("name", ""), gpu.id,
        checked_count(row.get("gpus"), "gpus"),
        checked_price(row.get("price_per_hour"), "price_per_hour", MAX_PRICE_PER_HOUR),
        common[0], row.get("region", ""), common[1], common[2])


def _range_row(entry_id: str, row: dict[str, str], common: Common) -> PriceRange:
    low = checked_price(row.get("low"), "low", 1e9)
    high = checked_price(row.get("high"), "high", 1e9)
    if low is None or high is None or low > high:
        raise RowSkipped(_low_above_high(low, high))
    gpus_text = row.get("gpus", "")
    return PriceRange(entry_id, row.get("label", ""), low, high, row.get("unit", ""), *common,
                      (catalog_gpu(row["gpu"]).id if row.get("gpu") else None),
                      checked_count(gpus_text, "gpus") if gpus_text else None)


_ROW_READERS: dict[str, Callable[[str, dict[str, str], Common], Any]] = {
    "api": _api_row, "cloud": _cloud_row, "energy": _range_row, "hardware": _range_row}


def own_csv_catalog(text: str, origin: str) -> tuple[PriceCatalog, list[Skipped]]:
    """Our CSV: one price or exchange rate per row, each row checked; the rows that cannot be
    used are returned with the reason.

    Raises:
        InputError: not our CSV, or an EUR rate other than 1.
    """
    skipped: list[Skipped] = []
    _, rows = csv_rows(text, origin, ("kind", "id", "currency", "source", "price_date"),
                       skipped, keep=OWN_CSV_COLUMNS)
    lists: dict[str, list[Any]] = {kind: [] for kind in _ROW_READERS}
    rates: dict[str, float] = {}
    rates_source = rates_date = ""
    seen: set[tuple[str, str]] = set()
    for line, row in rows:
        kind, entry_id = row.get("kind", ""), row.get("id", "")
        try:
            if not entry_id:
                raise RowSkipped(msg("no {field}", field=Name("id")))
            if (kind, entry_id.lower()) in seen:
                raise RowSkipped(detailed(msg("duplicate"), Name(f"{kind} {entry_id}")))
            common = (row.get("currency", ""), row.get("source", ""), row.get("price_date", ""))
            if kind in _ROW_READERS:
                lists[kind].append(_ROW_READERS[kind](entry_id, row, common))
            elif kind == "exchange_rate":
                rate = checked_price(row.get("rate_per_eur"), "rate_per_eur",
                                     MAX_RATE_PER_EUR)
                assert rate is not None
                if rate < MIN_RATE_PER_EUR:  # 1e-300 was stored and overflowed every plan
                    raise RowSkipped(detailed(
                        msg("{field} is implausibly low", field=Name("rate_per_eur")),
                        msg("{value} (at least {least})", value=Name(f"{rate:g}"),
                            least=Name(f"{MIN_RATE_PER_EUR:g}"))))
                rates[entry_id.upper()] = rate
                rates_source, rates_date = common[1], common[2]
            else:
                raise RowSkipped(detailed(msg("unknown kind"), msg(
                    "{kind} (api, cloud, energy, hardware or exchange_rate)",
                    kind=Name(repr(kind[:20])))))
        except RowSkipped as skip:
            skipped.append(Skipped(f"line {line}", skip.reason))
            continue
        seen.add((kind, entry_id.lower()))
    if rates and rates.get("EUR", 1.0) != 1.0:
        raise InputError(f"{origin}: the EUR exchange rate must be 1 (rates are per EUR)")
    if rates:
        rates["EUR"] = 1.0
    return PriceCatalog("", rates, rates_source, rates_date, tuple(lists["cloud"]),
                        tuple(lists["api"]), tuple(lists["energy"]),
                        tuple(lists["hardware"])), skipped


def own_json_catalog(document: Any, origin: str) -> tuple[PriceCatalog, list[Skipped]]:
    """Our JSON: its structure and types checked whole (catalog_from_dict), then every row
    given the checks the other formats get; the rows that cannot be used are returned with
    the reason (a price of 0 or 1e300 and an unknown GPU were stored as given).

    Raises:
        InputError: not our JSON, a malformed field, or an exchange rate that is not one.
    """
    if isinstance(document, dict):
        check_rows(sum(len(rows) for key in ("api_models", "cloud_instances", "energy",
                                             "hardware")
                       if isinstance(rows := document.get(key), list)), origin, "prices")
    catalog = catalog_from_dict(document)
    skipped: list[Skipped] = []

    def checked(key: str, rows: tuple[Any, ...], check: Callable[[Any], Any]
                ) -> tuple[Any, ...]:
        kept = []
        for index, row in enumerate(rows):
            try:
                kept.append(check(row))
            except RowSkipped as skip:
                skipped.append(Skipped(f"{key}[{index}] {row.id[:60]}", skip.reason))
        return tuple(kept)

    return replace(catalog, api=checked("api_models", catalog.api, _checked_api),
                   cloud=checked("cloud_instances", catalog.cloud, _checked_cloud),
                   energy=checked("energy", catalog.energy, _checked_range),
                   hardware=checked("hardware", catalog.hardware, _checked_range)), skipped


def _checked_api(entry: ApiPrice) -> ApiPrice:
    def per_m(value: float | None, label: str, optional: bool = False) -> float | None:
        return checked_price(value, label, MAX_PRICE_PER_M_TOKENS, optional)

    return replace(entry, price_in_per_m=per_m(entry.price_in_per_m, "price_in_per_m"),
                   price_out_per_m=per_m(entry.price_out_per_m, "price_out_per_m"),
                   price_cached_in_per_m=per_m(entry.price_cached_in_per_m,
                                               "price_cached_in_per_m", optional=True),
                   batch_discount=_share(entry.batch_discount),
                   training_price_per_m=per_m(entry.training_price_per_m,
                                              "training_price_per_m", optional=True))


def _checked_cloud(entry: CloudInstance) -> CloudInstance:
    return replace(entry, gpu=catalog_gpu(entry.gpu).id, gpus=checked_count(entry.gpus, "gpus"),
                   price_per_hour=checked_price(entry.price_per_hour, "price_per_hour",
                                                MAX_PRICE_PER_HOUR))


def _checked_range(entry: PriceRange) -> PriceRange:
    low = checked_price(entry.low, "low", 1e9)
    high = checked_price(entry.high, "high", 1e9)
    if low is None or high is None or low > high:
        raise RowSkipped(_low_above_high(low, high))
    return replace(entry, low=low, high=high,
                   gpu=catalog_gpu(entry.gpu).id if entry.gpu else None,
                   gpus=checked_count(entry.gpus, "gpus") if entry.gpus is not None else None)


def _share(value: Any) -> float | None:
    number = checked_price(value, "batch_discount", 1.0, optional=True)
    if number is not None and number >= 1:
        raise RowSkipped(msg("{field} must be below 1, got {value}",
                             field=Name("batch_discount"), value=Name(f"{number:g}")))
    return number


def _low_above_high(low: float | None, high: float | None) -> Message:
    return msg("low {low} is above high {high}", low=Name(str(low)), high=Name(str(high)))


def _csv_lines(catalog: PriceCatalog) -> Iterator[dict[str, Any]]:
    for rate_currency, rate in catalog.rates.items():
        yield {"kind": "exchange_rate", "id": rate_currency, "rate_per_eur": rate,
               "currency": rate_currency, "source": catalog.rates_source,
               "price_date": catalog.rates_date}
    for api in catalog.api:
        details = api_details_dict(api)
        yield {"kind": "api", **{k: v for k, v in api.__dict__.items()
                                 if k != "model" and k not in API_DETAILS},
               "name": api.model,
               "details": json.dumps(details, ensure_ascii=False) if details else ""}
    for instance in catalog.cloud:
        yield {"kind": "cloud", **instance.__dict__}
    for kind, ranges in (("energy", catalog.energy), ("hardware", catalog.hardware)):
        for entry in ranges:
            yield {"kind": kind, **entry.__dict__}


def catalog_csv(catalog: PriceCatalog) -> str:
    """The catalog as our CSV (one row per price, OWN_CSV_COLUMNS); imports back unchanged."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, OWN_CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in _csv_lines(catalog):
        writer.writerow({key: ("" if value is None else
                               repr(value) if isinstance(value, float) else csv_cell(value))
                         for key, value in row.items()})
    return buffer.getvalue()


def catalog_json(catalog: PriceCatalog, note: str = "") -> str:
    """The catalog as our JSON (llmplan-prices)."""
    return json.dumps(catalog_to_dict(catalog, note), indent=1, ensure_ascii=False) + "\n"


EXPORTERS: dict[str, Callable[[PriceCatalog], str]] = {"json": catalog_json, "csv": catalog_csv}
