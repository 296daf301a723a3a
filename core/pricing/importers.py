"""Read price files users download elsewhere and carry over offline.

Formats: LiteLLM's model_prices_and_context_window.json, genai-prices data.json / data_slim.json,
SkyPilot catalog CSV (vms.csv), gpuhunt
CSV, and our own JSON (llmplan-prices) and CSV. Every importer reads the whole file into memory
and checks every row before anything is stored: a file is taken whole or refused. Rows that
cannot be used (a price of 0 or NaN, an unknown GPU, a duplicate) are skipped with the reason.
"""

from datetime import date
from pathlib import Path
from typing import Any

from core.errors import InputError
from core.files import read_bounded
from core.pricing.ages import price_period
from core.pricing.catalog import (
    ApiPrice,
    CloudInstance,
    PriceCatalog,
)
from core.pricing.checks import (
    MAX_FILE_BYTES,
    ImportResult,
    Skipped,
    decoded_text,
    parsed_json,
)
from core.pricing.clouds import GPUHUNT_COLUMNS, SKYPILOT_COLUMNS, read_gpuhunt, read_skypilot
from core.pricing.genai_prices import read_genai_prices
from core.pricing.litellm import read_litellm
from core.pricing.own_format import (
    EXPORTERS,
    catalog_csv,
    catalog_json,
    own_csv_catalog,
    own_json_catalog,
)

__all__ = ["EXPORTERS", "FORMATS", "ImportResult", "Skipped", "catalog_csv", "catalog_json",
           "detect_format", "read_price_file", "read_prices"]

FORMATS = ("litellm", "genai-prices", "skypilot", "gpuhunt", "llmplan-json", "llmplan-csv")


def detect_format(text: str) -> str:
    """Which of FORMATS the text looks like.

    Raises:
        InputError: none of them.
    """
    start = text.lstrip()[:1]
    if start in ("{", "["):
        if '"llmplan-prices"' in text[:2000]:
            return "llmplan-json"
        if start == "[" and '"api_pattern"' in text[:20000]:
            return "genai-prices"
        return "litellm"
    first_line = next(iter(text.splitlines()), "")
    header = {column.strip() for column in first_line.split(",")}
    if set(SKYPILOT_COLUMNS) <= header:
        return "skypilot"
    if set(GPUHUNT_COLUMNS) <= header:
        return "gpuhunt"
    if {"kind", "id", "price_date"} <= header:
        return "llmplan-csv"
    raise InputError("not a known price file: expected LiteLLM JSON, genai-prices data.json, "
                     "SkyPilot vms.csv "
                     "(InstanceType, AcceleratorName, ...), gpuhunt CSV (instance_name, "
                     "location, price, ...), or an llmplan JSON/CSV export")


def read_prices(data: bytes, origin: str, *, format: str | None = None,
                price_date: str | None = None, provider: str | None = None) -> ImportResult:
    """Check a whole price file and return what it holds.

    `price_date` is the date the file's prices were true when the format has none (LiteLLM,
    SkyPilot, gpuhunt). Without it those rows stay undated: the day of the import says
    nothing of when a copy of a file was made, and a year-old copy stamped today would make
    stale prices look new.

    Raises:
        InputError: the file cannot be read as a price file; nothing of it is used.
    """
    path = Path(origin)
    name = (f"{path.parent.name}/{path.name}" if path.name == "vms.csv" and path.parent.name
            else path.name or origin)
    text = decoded_text(data, name)
    del data  # the text is what is read; the bytes of a 64 MB file need not stay too
    try:
        kind = format or detect_format(text)
    except InputError as error:  # named the formats, not the file
        raise InputError(f"{name}: {error}") from None
    if kind not in FORMATS:
        raise InputError(f"unknown format '{kind}' (one of: {', '.join(FORMATS)})")
    when = price_date or ""
    skipped: list[Skipped] = []
    api: list[ApiPrice] = []
    cloud: list[CloudInstance] = []
    if kind == "llmplan-json":
        try:
            catalog, skipped = own_json_catalog(parsed_json(text, name), name)
        except InputError as error:
            raise InputError(f"{name}: {error}") from None
        return ImportResult(kind, catalog, tuple(skipped), name)
    if kind == "llmplan-csv":
        catalog, skipped = own_csv_catalog(text, name)
        return ImportResult(kind, catalog, tuple(skipped), name)
    if kind == "litellm":
        api, skipped = read_litellm(parsed_json(text, name), name, when)
    elif kind == "genai-prices":
        period = price_period(when)
        on = period[0] if period else date.today()
        api, skipped = read_genai_prices(parsed_json(text, name), f"genai-prices data file {name}",
                                         when, on)
    elif kind == "skypilot":
        cloud, skipped = read_skypilot(text, origin, when, provider)
    else:
        cloud, skipped = read_gpuhunt(text, name, when, provider)
    catalog = PriceCatalog(when, {}, "", "", tuple(cloud), tuple(api), (), ())
    return ImportResult(kind, catalog, tuple(skipped), name)


def read_price_file(path: str | Path, **options: Any) -> ImportResult:
    """read_prices() on a file.

    Raises:
        InputError: the file cannot be read, or is not a price file.
    """
    path = Path(path)
    # the bytes go straight in, so read_prices can let them go once decoded
    return read_prices(read_bounded(path, MAX_FILE_BYTES, "price file"), str(path), **options)
