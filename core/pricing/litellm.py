"""LiteLLM's model_prices_and_context_window.json: API prices in USD per token."""

import re
from collections.abc import Mapping
from typing import Any

from core.errors import InputError
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
        raise RowSkipped(f"{key} is implausibly low: {value:g} per token")
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
    for key, record in document.items():
        if key == "sample_spec":
            continue
        try:
            if not isinstance(record, dict):
                raise RowSkipped("not an object")
            mode = record.get("mode", "chat")
            if not isinstance(mode, str) or mode not in _LITELLM_CHAT_MODES:
                raise RowSkipped(f"not a text-generation model: mode {str(mode)[:20]}")
            provider = str(record.get("litellm_provider") or "").strip()
            if not provider:
                raise RowSkipped("no litellm_provider")
            price_id = key if "/" in key else f"{provider}/{key}"
            if price_id.lower() in seen:
                raise RowSkipped(f"duplicate: {price_id} appears as {seen[price_id.lower()]}")
            price_in = _per_m(record, "input_cost_per_token")
            price_out = _per_m(record, "output_cost_per_token")
            cached = _per_m(record, "cache_read_input_token_cost", optional=True)
            batch_in = _per_m(record, "input_cost_per_token_batches", optional=True)
            discount = None
            if batch_in and price_in and batch_in < price_in:
                discount = round(1 - batch_in / price_in, 6)
            tiers = [k for k in record if str(k).startswith("input_cost_per_token_above_")]
            note = (f"; long-context tier prices ({', '.join(sorted(tiers))}) not imported"
                    if tiers else "")
        except RowSkipped as skip:
            skipped.append(Skipped(key[:80], str(skip)))
            continue
        seen[price_id.lower()] = key
        prices.append(ApiPrice(
            price_id, _PROVIDER_NAMES.get(provider, provider), key.split("/")[-1], price_in,
            price_out, cached, discount, None, "USD",
            f"LiteLLM model_prices_and_context_window.json ({origin}){note}", price_date))
    return prices, skipped
