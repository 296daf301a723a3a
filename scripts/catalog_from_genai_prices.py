"""Regenerate the API prices of resources/catalog/prices.json from pydantic's genai-prices.

  pip install -e '.[catalog]'                                  # genai-prices (MIT), dev only
  python scripts/catalog_from_genai_prices.py --date 2026-12-02
  python scripts/catalog_from_genai_prices.py --file data.json --date 2026-12-02

The prices come from the installed genai-prices package (its bundled data, the newest a
release carries) or from a published data file (prices/new_data/v2/data.json); each bundled
row is the price in force on --date, read by the same reader as `llmplan catalog import`
(core/pricing/genai_prices.py). SELECTION names the rows the bundled catalog keeps: each
provider's current flagship and small models, and open models at the hosts planners compare.
A name missing from the data stops the script: the selection is checked, never guessed.
"""

import argparse
import dataclasses
import datetime
import json
import sys
from decimal import Decimal
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.pricing.catalog import catalog_from_dict, catalog_to_dict  # noqa: E402
from core.pricing.genai_prices import read_genai_prices  # noqa: E402

PRICES = ROOT / "resources" / "catalog" / "prices.json"
SELECTION = (
    # OpenAI: flagship, mid, small; gpt-4o and gpt-4o-mini for the bundled examples
    "openai/gpt-6.1-sol", "openai/gpt-6.1-terra", "openai/gpt-6-luna", "openai/gpt-5.5",
    "openai/gpt-5-mini", "openai/gpt-4o", "openai/gpt-4o-mini",
    "anthropic/claude-opus-5-5", "anthropic/claude-sonnet-5-5", "anthropic/claude-sonnet-5",
    "anthropic/claude-haiku-5-5",
    "google/gemini-4-argon", "google/gemini-3.8-flash", "google/gemini-3.6-flash",
    "google/gemini-3.5-flash-lite",
    "mistral/mistral-large-4", "mistral/mistral-medium-3-5", "mistral/mistral-small-2603",
    "mistral/ministral-8b-2512",
    "deepseek/deepseek-v4-pro", "deepseek/deepseek-v4-flash", "deepseek/deepseek-chat",
    "x-ai/grok-4.7", "x-ai/grok-4.3", "x-ai/grok-4-1-fast-non-reasoning",
    "meta/muse-spark-1.3",
    # open models at the hosts: Llama, Qwen, DeepSeek, gpt-oss, Kimi
    "together/meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo",
    "together/meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo",
    "together/meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8",
    "together/Qwen/Qwen3.7-Plus", "together/Qwen/Qwen3.8-Flash",
    "together/deepseek-ai/DeepSeek-V4.1-Flash",
    "fireworks/qwen3-235b-a22b", "fireworks/gpt-oss-120b", "fireworks/kimi-k3",
    "fireworks/deepseek-v4-pro",
    "groq/meta-llama/llama-4-scout-17b-16e-instruct", "groq/llama-3.3-70b-versatile",
    "groq/llama-3.1-8b-instant", "groq/openai/gpt-oss-120b", "groq/qwen/qwen3-32b",
    "novita/meta-llama/llama-3.3-70b-instruct", "novita/google/gemma-4-31b-it",
)


def _plain(value: Any) -> Any:
    """The installed package's dataclasses as the JSON its data files hold (Decimal to
    numbers, dates and times ISO, 'or_' as 'or', no None fields)."""
    if isinstance(value, Decimal):
        return int(value) if value % 1 == 0 else float(value)
    if isinstance(value, (datetime.date, datetime.time)):
        text = value.isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name.rstrip("_"): _plain(getattr(value, field.name))
                for field in dataclasses.fields(value)
                if not field.name.startswith("_") and getattr(value, field.name) is not None}
    if hasattr(value, "__dict__") and type(value).__module__.startswith("genai_prices"):
        return {key: _plain(item) for key, item in vars(value).items()
                if not key.startswith("_") and item is not None}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _package_data() -> tuple[Any, str]:
    try:
        from genai_prices import data  # type: ignore[import-not-found]
    except ImportError:
        sys.exit("genai-prices is not installed: pip install -e '.[catalog]', or give --file")
    try:
        release = version("genai-prices")
    except PackageNotFoundError:
        release = "unknown version"
    return _plain(data.providers), f"genai-prices {release} (PyPI package data, MIT licence)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", help="a genai-prices data.json (default: the package's data)")
    parser.add_argument("--date", required=True, metavar="YYYY-MM-DD",
                        help="the day whose prices are taken, and their date in the catalog")
    args = parser.parse_args()
    on = datetime.date.fromisoformat(args.date)
    if args.file:
        document = json.loads(Path(args.file).read_text(encoding="utf-8"))
        origin = f"genai-prices data file {Path(args.file).name}"
    else:
        document, origin = _package_data()
    prices, _ = read_genai_prices(document, origin, args.date, on)
    found = {price.id: price for price in prices}
    missing = [name for name in SELECTION if name not in found]
    if missing:
        sys.exit("not in the data: " + ", ".join(missing))
    catalog = catalog_from_dict(json.loads(PRICES.read_text(encoding="utf-8")))
    document_out = catalog_to_dict(dataclasses.replace(
        catalog, api=tuple(found[name] for name in SELECTION),
        retrieved=max(catalog.retrieved, args.date)),
        note=json.loads(PRICES.read_text(encoding="utf-8")).get("note", ""))
    PRICES.write_text(json.dumps(document_out, indent=2, ensure_ascii=False) + "\n",
                      encoding="utf-8")
    print(f"{PRICES.relative_to(ROOT)}: {len(SELECTION)} API prices from {origin}, "
          f"in force on {args.date}")


if __name__ == "__main__":
    main()
