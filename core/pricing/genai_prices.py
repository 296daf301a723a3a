"""pydantic's genai-prices data files (data.json, data_slim.json, MIT licence): API prices in USD
per million tokens, per provider and model, with long-context tiers, cache reads and writes,
announced price changes (a start date), prices by hour of the day and, in newer files, batch
prices (price_variants).

The format, as github.com/pydantic/genai-prices prices/data.schema.json describes it: a list of
providers, each with `models`; a model's `prices` is one price object or a list of conditional
ones (the first without a constraint, later ones with a `start_date` or a daily UTC window,
tried last to first); a price value is a number or `{"base": x, "tiers": [{"start": n,
"price": y}]}`, where a request whose input is above `start` tokens pays `y` for all its
tokens of that kind, output included.
"""

from collections.abc import Mapping
from datetime import date
from typing import Any

from core.errors import InputError
from core.i18n.message import Name, msg
from core.pricing.catalog import ApiPrice, ScheduledPrice, TimeOfDayPrice
from core.pricing.checks import (
    MAX_PRICE_PER_M_TOKENS,
    RowSkipped,
    Skipped,
    check_rows,
    checked_price,
    detailed,
)

PROVIDER_NAMES = {"openai": "OpenAI", "anthropic": "Anthropic", "google": "Google",
                  "mistral": "Mistral", "deepseek": "DeepSeek", "x-ai": "xAI", "meta": "Meta",
                  "together": "Together", "fireworks": "Fireworks", "groq": "Groq",
                  "novita": "Novita", "aws": "AWS Bedrock", "azure": "Azure",
                  "moonshotai": "Moonshot AI", "cerebras": "Cerebras", "cohere": "Cohere",
                  "openrouter": "OpenRouter", "zai": "Z.AI", "zhipuai": "Zhipu AI"}
_DAY_MINUTES = 24 * 60


def is_genai_prices(document: Any) -> bool:
    """A genai-prices data file: a list of providers with an api_pattern and models."""
    return isinstance(document, list) and bool(document) and isinstance(document[0], dict) \
        and "api_pattern" in document[0] and "models" in document[0]


def _value(prices: Mapping[str, Any], key: str) -> tuple[float | None, int | None, float | None]:
    """(base price, tier start, tier price) of one price key; the first tier only (every tiered
    price in genai-prices has one)."""
    raw = prices.get(key)
    if raw is None:
        return None, None, None
    if isinstance(raw, Mapping):
        base = checked_price(raw.get("base"), f"{key}.base", MAX_PRICE_PER_M_TOKENS,
                             optional=True)
        tiers = raw.get("tiers")
        if not isinstance(tiers, list) or not tiers or not isinstance(tiers[0], Mapping):
            raise RowSkipped(msg("{key}: tiers must be a list of objects", key=Name(key)))
        start = tiers[0].get("start")
        if not isinstance(start, int) or isinstance(start, bool) or not 0 < start < 10**9:
            raise RowSkipped(msg("{key}: a tier's start must be a whole number of tokens",
                                 key=Name(key)))
        price = checked_price(tiers[0].get("price"), f"{key} tier", MAX_PRICE_PER_M_TOKENS,
                              optional=True)
        return base, start, price
    return checked_price(raw, key, MAX_PRICE_PER_M_TOKENS, optional=True), None, None


def _fields(prices: Any) -> dict[str, Any]:
    """ApiPrice fields of one price object."""
    if not isinstance(prices, Mapping):
        raise RowSkipped(msg("a price is not an object"))
    if prices.get("requests_kcount"):
        raise RowSkipped(msg("priced per request as well (requests_kcount), which the planner "
                             "does not count"))
    price_in, start_in, long_in = _value(prices, "input_mtok")
    price_out, start_out, long_out = _value(prices, "output_mtok")
    if price_in is None or price_out is None:
        raise RowSkipped(msg("no input and output token prices (an embedding, image or audio "
                             "model, or a free one)"))
    cached, _, _ = _value(prices, "cache_read_mtok")
    written, _, _ = _value(prices, "cache_write_mtok")
    fields: dict[str, Any] = {"price_in_per_m": price_in, "price_out_per_m": price_out,
                              "price_cached_in_per_m": cached,
                              "price_cache_write_per_m": written}
    threshold = start_in or start_out
    if threshold:
        fields.update(long_context_threshold=float(threshold),
                      price_in_long_per_m=long_in if start_in else None,
                      price_out_long_per_m=long_out if start_out else None)
    return fields


def _minutes(text: Any, where: str) -> int:
    """'16:30:00Z' -> 990."""
    if not isinstance(text, str) or len(text) < 5 or text[2] != ":" \
            or not (text[:2] + text[3:5]).isdigit():
        raise RowSkipped(detailed(msg("{key} is not a time of day", key=Name(where)),
                                  Name(repr(str(text)[:20]))))
    hours, minutes = int(text[:2]), int(text[3:5])
    if hours > 24 or minutes > 59:
        raise RowSkipped(detailed(msg("{key} is not a time of day", key=Name(where)),
                                  Name(repr(text[:20]))))
    return min(_DAY_MINUTES, hours * 60 + minutes)


def _clock(minutes: int) -> str:
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


def _gaps(windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of the day (minutes, end may pass midnight) no window covers."""
    covered = [False] * _DAY_MINUTES
    for start, end in windows:
        span = (end - start) % _DAY_MINUTES or _DAY_MINUTES
        for minute in range(start, start + span):
            covered[minute % _DAY_MINUTES] = True
    gaps, minute = [], 0
    while minute < _DAY_MINUTES:
        if covered[minute]:
            minute += 1
            continue
        start = minute
        while minute < _DAY_MINUTES and not covered[minute]:
            minute += 1
        gaps.append((start, minute))
    if len(gaps) > 1 and gaps[0][0] == 0 and gaps[-1][1] == _DAY_MINUTES:  # one across midnight
        gaps = [(gaps[-1][0], gaps[0][1] + _DAY_MINUTES), *gaps[1:-1]]
    return gaps


def _in_force(entries: list[Any], on: date) -> tuple[dict[str, Any], list[tuple[str, Any]],
                                                    list[tuple[int, int, Any]]]:
    """(the price object in force on `on` at any hour, later scheduled ones, daily windows)."""
    base: Any = None
    dated: list[tuple[str, Any]] = []
    windows: list[tuple[int, int, Any]] = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, Mapping):
            raise RowSkipped(msg("{key} is not an object", key=Name(f"prices[{index}]")))
        constraint = entry.get("constraint")
        if constraint is None:
            base = entry.get("prices") if base is None else base
        elif isinstance(constraint, Mapping) and "start_date" in constraint:
            start = str(constraint["start_date"])
            try:
                date.fromisoformat(start)
            except ValueError:
                raise RowSkipped(msg("{key}: start_date {value} is not a date",
                                     key=Name(f"prices[{index}]"),
                                     value=Name(repr(start[:20])))) from None
            dated.append((start, entry.get("prices")))
        elif isinstance(constraint, Mapping) and "start_time" in constraint:
            windows.append((_minutes(constraint["start_time"], f"prices[{index}].start_time"),
                            _minutes(constraint.get("end_time"), f"prices[{index}].end_time"),
                            entry.get("prices")))
        else:
            raise RowSkipped(msg("{key}: a constraint the planner does not know",
                                 key=Name(f"prices[{index}]")))
    if base is None:
        raise RowSkipped(msg("no price without a constraint"))
    started = sorted((start, prices) for start, prices in dated if start <= on.isoformat())
    current = started[-1][1] if started else base
    later = sorted((start, prices) for start, prices in dated if start > on.isoformat())
    return current, later, windows


def _batch_discount(model: Mapping[str, Any], price_in: float, on: date) -> float | None:
    """1 - batch input price / input price, from a `price_variants` entry for batch
    processing in force on `on` (genai-prices 0.2 and later)."""
    for variant in model.get("price_variants") or ():
        if not isinstance(variant, Mapping) or variant.get("when") != {"processing": "batch"}:
            continue
        constraint = variant.get("constraint") or {}
        if isinstance(constraint, Mapping) and str(constraint.get("start_date", "")) \
                > on.isoformat():
            continue
        batch_in, _, _ = _value(variant.get("prices") or {}, "input_mtok")
        if batch_in and 0 < batch_in < price_in:
            return round(1 - batch_in / price_in, 6)
    return None


def _model_price(provider_id: str, provider: str, model: Mapping[str, Any], origin: str,
                 price_date: str, on: date) -> ApiPrice:
    model_id = str(model.get("id") or "").strip()
    if not model_id:
        raise RowSkipped(msg("a model without an id"))
    prices = model.get("prices")
    entries = prices if isinstance(prices, list) else [{"prices": prices}]
    if not entries:
        raise RowSkipped(msg("no prices"))
    current, later, windows = _in_force(entries, on)
    fields = _fields(current)
    source = f"{origin}, the price in force on {on.isoformat()}"
    time_of_day: tuple[TimeOfDayPrice, ...] = ()
    if windows:
        spans = [(start, end, _fields(p)) for start, end, p in windows]
        spans += [(start, end, fields) for start, end in _gaps([(s, e) for s, e, _ in windows])]
        time_of_day = tuple(TimeOfDayPrice(_clock(s), _clock(e), f["price_in_per_m"],
                                           f["price_out_per_m"]) for s, e, f in sorted(spans))
        # a plan does not know the hours its requests come in: the dearest hours bound it
        dearest = max((f for _, _, f in spans),
                      key=lambda f: (f["price_in_per_m"] or 0) + (f["price_out_per_m"] or 0))
        fields = dearest
        source += "; the price varies by the hour (UTC) and the dearest hours' is used"
    scheduled = tuple(ScheduledPrice(start, f["price_in_per_m"], f["price_out_per_m"])
                      for start, f in ((s, _fields(p)) for s, p in later))
    name = str(model.get("name") or model_id)
    return ApiPrice(
        f"{provider_id}/{model_id}", provider, name, fields["price_in_per_m"],
        fields["price_out_per_m"], fields["price_cached_in_per_m"],
        _batch_discount(model, fields["price_in_per_m"], on), None, "USD", source, price_date,
        price_cache_write_per_m=fields["price_cache_write_per_m"],
        long_context_threshold=fields.get("long_context_threshold"),
        price_in_long_per_m=fields.get("price_in_long_per_m"),
        price_out_long_per_m=fields.get("price_out_long_per_m"),
        scheduled=scheduled, time_of_day=time_of_day,
        deprecated=model.get("deprecated") is True)


def read_genai_prices(document: Any, origin: str, price_date: str, on: date
                      ) -> tuple[list[ApiPrice], list[Skipped]]:
    """Every priced text model of a genai-prices data file, at the prices in force on `on`
    (scheduled changes after it are kept as such), dated `price_date` ("" for undated).
    `origin` names the file in messages and begins each row's source."""
    if not is_genai_prices(document):
        raise InputError(f"{origin}: a genai-prices file is a list of providers, each with "
                         "'api_pattern' and 'models'")
    check_rows(sum(len(p.get("models") or ()) for p in document if isinstance(p, dict)),
               origin, "models")
    prices: list[ApiPrice] = []
    skipped: list[Skipped] = []
    seen: set[str] = set()
    for index, provider in enumerate(document):
        if not isinstance(provider, dict) or not isinstance(provider.get("models"), list):
            skipped.append(Skipped(f"providers[{index}]", msg("not a provider with models")))
            continue
        provider_id = str(provider.get("id") or "").strip()
        name = PROVIDER_NAMES.get(provider_id, str(provider.get("name") or provider_id))
        for model in provider["models"]:
            where = f"{provider_id}/{model.get('id') if isinstance(model, dict) else ''!s}"
            try:
                if not isinstance(model, dict):
                    raise RowSkipped(msg("not an object"))
                price = _model_price(provider_id, name, model, origin, price_date, on)
                if price.id.lower() in seen:
                    raise RowSkipped(detailed(msg("duplicate"), Name(price.id)))
            except RowSkipped as skip:
                skipped.append(Skipped(where[:80], skip.reason))
                continue
            seen.add(price.id.lower())
            prices.append(price)
    return prices, skipped
