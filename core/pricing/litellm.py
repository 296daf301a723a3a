"""LiteLLM's model_prices_and_context_window.json: API prices in USD per token."""

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from core.errors import InputError
from core.i18n.message import Name, msg
from core.pricing.catalog import (
    ApiPrice,
)
from core.pricing.checks import (
    MAX_PRICE_PER_M_TOKENS,
    MIN_PRICE_PER_M_TOKENS,
    RowSkipped,
    Skipped,
    check_rows,
    checked_price,
    detailed,
)

_LITELLM_CHAT_MODES = {"chat", "completion", "responses"}
_PROVIDER_NAMES = {"openai": "OpenAI", "anthropic": "Anthropic", "gemini": "Google",
                   "vertex_ai-language-models": "Google", "mistral": "Mistral",
                   "together_ai": "Together", "groq": "Groq", "deepseek": "DeepSeek",
                   "bedrock": "AWS Bedrock", "bedrock_converse": "AWS Bedrock",
                   "azure": "Azure OpenAI", "fireworks_ai": "Fireworks"}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9.]+", "-", text.lower()).strip("-")


def _per_m(record: Mapping[str, Any], key: str, optional: bool = False) -> float | None:
    value = checked_price(record.get(key), key, MAX_PRICE_PER_M_TOKENS / 1e6, optional)
    if value is None:
        return None
    per_m = round(value * 1e6, 9)
    if per_m < MIN_PRICE_PER_M_TOKENS:
        raise RowSkipped(detailed(msg("{field} is implausibly low", field=Name(key)),
                                  msg("{price} per token", price=Name(f"{value:g}"))))
    return per_m


def read_litellm(document: Any, origin: str, price_date: str) -> tuple[list[ApiPrice],
                                                                       list[Skipped]]:
    """LiteLLM model_prices_and_context_window.json: USD per token, one object per model."""
    if not isinstance(document, dict):
        raise InputError(f"{origin}: a LiteLLM price file is one JSON object of models")
    check_rows(len(document), origin, "models")
    prices: list[ApiPrice] = []
    skipped: list[Skipped] = []
    seen: dict[str, str] = {}
    tuned: dict[str, tuple[str, float | None, float | None]] = {}
    for key, record in document.items():
        if key == "sample_spec":
            continue
        if key.startswith("ft:") and isinstance(record, dict):
            # "ft:gpt-4o-mini-2024-07-18": a fine-tuned copy's prices, kept on the base row.
            try:
                tuned[key[3:].lower()] = (key, _per_m(record, "input_cost_per_token"),
                                          _per_m(record, "output_cost_per_token"))
            except RowSkipped as skip:
                skipped.append(Skipped(key[:80], skip.reason))
            continue
        try:
            if not isinstance(record, dict):
                raise RowSkipped(msg("not an object"))
            mode = record.get("mode", "chat")
            if not isinstance(mode, str) or mode not in _LITELLM_CHAT_MODES:
                raise RowSkipped(detailed(msg("not a text-generation model"),
                                          msg("mode {mode}", mode=Name(str(mode)[:20]))))
            provider = str(record.get("litellm_provider") or "").strip()
            if not provider:
                raise RowSkipped(msg("no {field}", field=Name("litellm_provider")))
            price_id = key if "/" in key else f"{provider}/{key}"
            if price_id.lower() in seen:
                raise RowSkipped(detailed(msg("duplicate"), msg(
                    "{entry} appears as {other}", entry=Name(price_id),
                    other=Name(seen[price_id.lower()]))))
            price_in = _per_m(record, "input_cost_per_token")
            price_out = _per_m(record, "output_cost_per_token")
            cached = _per_m(record, "cache_read_input_token_cost", optional=True)
            written = _per_m(record, "cache_creation_input_token_cost", optional=True)
            batch_in = _per_m(record, "input_cost_per_token_batches", optional=True)
            discount = None
            if batch_in and price_in and batch_in < price_in:
                discount = round(1 - batch_in / price_in, 6)
            tier = _long_context_tier(record)
            deprecated = _deprecated(record.get("deprecation_date"), price_date)
        except RowSkipped as skip:
            skipped.append(Skipped(key[:80], skip.reason))
            continue
        seen[price_id.lower()] = key
        prices.append(ApiPrice(
            price_id, _PROVIDER_NAMES.get(provider, provider), key.split("/")[-1], price_in,
            price_out, cached, discount, None, "USD",
            f"LiteLLM model_prices_and_context_window.json ({origin})", price_date,
            price_cache_write_per_m=written, deprecated=deprecated, **tier))
    for index, price in enumerate(prices):
        found = tuned.pop(price.model.lower(), None)
        if found is not None:
            prices[index] = replace(price, price_in_finetuned_per_m=found[1],
                                    price_out_finetuned_per_m=found[2])
    skipped += [Skipped(key[:80], msg("a fine-tuned model whose base model is not in the file"))
                for key, _, _ in tuned.values()]
    return prices, skipped


_TIER = re.compile(r"^input_cost_per_token_above_(\d+)k_tokens$")


def _long_context_tier(record: Mapping[str, Any]) -> dict[str, Any]:
    """LiteLLM's lowest *_above_Nk_tokens tier (the whole prompt pays it above N thousand
    tokens, output too): the catalog's long-context threshold and prices."""
    starts = sorted(int(m.group(1)) for key in record if (m := _TIER.match(str(key))))
    if not starts:
        return {}
    start = starts[0]
    return {"long_context_threshold": float(start * 1000),
            "price_in_long_per_m": _per_m(record, f"input_cost_per_token_above_{start}k_tokens",
                                          optional=True),
            "price_out_long_per_m": _per_m(
                record, f"output_cost_per_token_above_{start}k_tokens", optional=True)}


def _deprecated(value: Any, price_date: str) -> bool:
    """A deprecation_date on or before the file's date (a later one is announced, not yet
    in force; without a file date, any date counts)."""
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    return not price_date or value <= price_date
