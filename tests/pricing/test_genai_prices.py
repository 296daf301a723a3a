"""pydantic's genai-prices data files read as API prices: the price in force on a date,
long-context tiers, cache writes, announced changes, prices by the hour, batch variants,
deprecated models, and the models the planner cannot price.

tests/data/prices/genai-prices/data.json holds provider and model objects copied whole from
github.com/pydantic/genai-prices prices/data.json (commit c885e328, 2026-07-25);
pkg-0.2.3-claude-sonnet-5.json is that model as the genai-prices 0.2.3 package carries it
(its price_variants hold the batch price)."""

from pathlib import Path

import pytest

from core.costing.plan import calculate
from core.costing.scenario import scenario_from_dict
from core.pricing.catalog import (
    catalog_from_dict,
    catalog_to_dict,
    default_catalog,
    merge_catalogs,
)
from core.pricing.importers import read_price_file

DATA = Path(__file__).parents[1] / "data" / "prices" / "genai-prices"


def _prices(price_date="2026-08-01", name="data.json"):
    result = read_price_file(DATA / name, price_date=price_date)
    assert result.format == "genai-prices"
    return {p.id: p for p in result.catalog.api}, result


def test_a_tiered_model_keeps_its_long_context_prices_and_cache_write():
    # claude-sonnet-4-5: input 3 / 6 above 200,000 tokens, output 15 / 22.5, cache write 3.75
    prices, _ = _prices()
    sonnet = prices["anthropic/claude-sonnet-4-5"]
    assert (sonnet.price_in_per_m, sonnet.price_out_per_m) == (3, 15)
    assert sonnet.price_cached_in_per_m == 0.3 and sonnet.price_cache_write_per_m == 3.75
    assert sonnet.long_context_threshold == 200_000
    assert (sonnet.price_in_long_per_m, sonnet.price_out_long_per_m) == (6, 22.5)


def test_the_price_in_force_on_the_date_is_taken_and_later_changes_are_kept_as_announced():
    # claude-sonnet-5 (v1 data): 2 / 10 until 2026-08-31, 3 / 15 from 2026-09-01
    before, _ = _prices("2026-08-01")
    sonnet = before["anthropic/claude-sonnet-5"]
    assert (sonnet.price_in_per_m, sonnet.price_out_per_m) == (2, 10)
    assert [(c.start, c.price_in_per_m, c.price_out_per_m) for c in sonnet.scheduled] == [
        ("2026-09-01", 3, 15)]
    after, _ = _prices("2026-10-01")
    assert after["anthropic/claude-sonnet-5"].price_in_per_m == 3
    assert after["anthropic/claude-sonnet-5"].scheduled == ()
    # o3's cut of 2025-06-10 (10 / 40 -> 2 / 8) is in force on any later date
    assert (after["openai/o3"].price_in_per_m, after["openai/o3"].price_out_per_m) == (2, 8)


def test_prices_by_the_hour_are_kept_and_the_dearest_hours_price_the_plan():
    # deepseek-chat: 0.27 / 1.1 from 00:30 to 16:30 UTC, 0.135 / 0.55 the other hours
    prices, _ = _prices()
    chat = prices["deepseek/deepseek-chat"]
    assert (chat.price_in_per_m, chat.price_out_per_m) == (0.27, 1.1)
    assert [(w.start_utc, w.end_utc, w.price_in_per_m) for w in chat.time_of_day] == [
        ("00:30", "16:30", 0.27), ("16:30", "00:30", 0.135)]
    assert "dearest hours" in chat.source


def test_batch_prices_come_from_the_price_variants():
    # genai-prices 0.2.3: claude-sonnet-5 input 2, batch input 1 from 2026-10-14
    prices, _ = _prices("2026-12-02", "pkg-0.2.3-claude-sonnet-5.json")
    assert prices["anthropic/claude-sonnet-5"].batch_discount == 0.5
    before, _ = _prices("2026-10-01", "pkg-0.2.3-claude-sonnet-5.json")
    assert before["anthropic/claude-sonnet-5"].batch_discount is None


def test_deprecated_models_are_marked_and_unpriceable_ones_skipped_with_the_reason():
    prices, result = _prices()
    assert prices["x-ai/grok-2-1212"].deprecated
    reasons = {s.where: str(s.reason) for s in result.skipped}
    assert reasons["openai/text-embedding-3-small"].startswith("no input and output token")
    assert reasons["perplexity/sonar"].startswith("priced per request as well")


def test_an_import_without_a_date_stays_undated():
    result = read_price_file(DATA / "data.json")
    assert {p.price_date for p in result.catalog.api} == {""}


def test_the_details_survive_the_catalog_file_and_reach_the_plan():
    _, result = _prices()
    catalog = merge_catalogs(default_catalog(), result.catalog)
    assert catalog_from_dict(catalog_to_dict(catalog)) == catalog
    scenario = scenario_from_dict({
        "format": "llmplan-scenario", "format_version": 1, "name": "long prompts",
        "currency": "USD",
        "workload": {"requests_per_hour": 100, "input_tokens": 250_000,
                     "output_tokens": 1000, "hours_per_day": 10, "days_per_year": 365},
        "options": [{"kind": "api", "name": "Sonnet 4.5", "catalog": "anthropic/claude-sonnet-4-5",
                     "cache_write_rate": 0.2},
                    {"kind": "api", "name": "Grok 2", "catalog": "x-ai/grok-2-1212"},
                    {"kind": "api", "name": "Sonnet 5", "catalog": "anthropic/claude-sonnet-5"}]})
    plan = calculate(scenario, catalog)
    sonnet = plan.option("Sonnet 4.5")
    lines = {str(line.label): line.per_year for line in sonnet.cost.lines}
    requests = 100 * 10 * 365
    # above 200,000 prompt tokens the long-context prices apply to the whole prompt;
    # the cache write is billed at 3.75 (the tier of cache writes is not carried)
    assert lines["input tokens"] == pytest.approx(requests * 250_000 * 0.8 * 6 / 1e6)
    assert lines["input tokens written to the cache"] == pytest.approx(
        requests * 250_000 * 0.2 * 3.75 / 1e6)
    assert lines["output tokens"] == pytest.approx(requests * 1000 * 22.5 / 1e6)
    assert any("deprecated" in str(note) for note in plan.option("Grok 2").notes)
    assert any("new prices announced from 2026-09-01" in str(note)
               for note in plan.option("Sonnet 5").notes)
