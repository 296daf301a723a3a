"""Catalog versions: merging, diffs, and the age of the prices behind a plan."""

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from core.costing.plan import calculate, price_dates
from core.costing.scenario import load_scenario
from core.errors import InputError
from core.pricing.ages import price_age_days, price_period, staleness
from core.pricing.catalog import default_catalog, diff_catalogs, edit_entry, merge_catalogs

EXAMPLES = Path(__file__).parents[2] / "resources" / "examples"


@pytest.mark.parametrize(("text", "first", "last"), [
    ("2025", date(2025, 1, 1), date(2025, 12, 31)),
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
    ("2023-08-22", date(2023, 8, 22), date(2023, 8, 22)),
    ("2024-H1", date(2024, 1, 1), date(2024, 6, 30)),
    ("2024-H2", date(2024, 7, 1), date(2024, 12, 31)),
    ("2024-Q3", date(2024, 7, 1), date(2024, 9, 30)),
])
def test_price_dates_cover_their_whole_period(text, first, last):
    assert price_period(text) == (first, last)


@pytest.mark.parametrize("text", ["", "soon", "2024-13", "2024-02-30", "24-01"])
def test_unreadable_dates_have_no_period(text):
    assert price_period(text) is None and price_age_days(text, date(2026, 1, 1)) is None


def test_age_counts_from_the_first_day_of_the_prices_period():
    # a year-only date may be as old as its first day: it never looks newer than it can be
    today = date(2026, 11, 21)
    assert price_age_days("2025", today) == (today - date(2025, 1, 1)).days
    assert price_age_days("2024-H2", today) == (today - date(2024, 7, 1)).days
    assert price_age_days("2026-11-21", today) == 0
    assert price_age_days("2027", today) == 0  # a future date is not negative


def test_staleness_names_old_and_undated_prices_only():
    ages = staleness([("fresh", "2026-10"), ("old", "2024"), ("none", "")],
                     date(2026, 11, 21), max_age_days=365)
    assert [p.label for p in ages.stale] == ["old", "none"]
    assert ages.oldest.label == "old"
    warning = str(ages.warning())
    assert "old (2024, 1,055 days)" in warning and "none (no date)" in warning
    assert staleness([("fresh", "2026-10")], date(2026, 11, 21)).warning() is None


def test_a_plan_names_each_options_price_date_and_the_exchange_rate_it_used():
    scenario = load_scenario(EXAMPLES / "support-assistant.llmplan.json")
    catalog = default_catalog()
    dates = {str(label): day for label, day in price_dates(calculate(scenario, catalog),
                                                           scenario, catalog)}
    gpt_4o = catalog.find_api("openai/gpt-4o")
    assert dates[f"OpenAI GPT-4o ({gpt_4o.source})"] == gpt_4o.price_date == "2026-12-02"
    # The example is in EUR with catalog prices in USD: the ECB rate's date is a price date.
    assert dates[f"exchange rates ({catalog.rates_source})"] == catalog.rates_date
    same_currency = replace(scenario, currency="USD", options=tuple(
        replace(o, currency="USD") for o in scenario.options))
    assert not any(str(label).startswith("exchange rates") for label, _ in price_dates(
        calculate(same_currency, catalog), same_currency, catalog))


def test_merge_replaces_rows_of_the_same_id_and_keeps_the_rest():
    catalog = default_catalog()
    cheaper = replace(catalog.cloud[0], price_per_hour=1.0, price_date="2026-11")
    incoming = replace(catalog, rates={}, cloud=(cheaper,), api=(), energy=(), hardware=())
    merged = merge_catalogs(catalog, incoming)
    assert merged.cloud[0] == cheaper and merged.api == catalog.api
    assert merged.rates == catalog.rates
    (change,) = diff_catalogs(catalog, merged)
    assert (change.kind, change.id, change.change) == ("cloud", cheaper.id, "changed")
    assert ("price_per_hour", catalog.cloud[0].price_per_hour, 1.0) in change.fields
    removed = diff_catalogs(merged, replace(merged, cloud=merged.cloud[1:]))
    assert [(c.id, c.change) for c in removed] == [(cheaper.id, "removed")]


def test_editing_a_price_changes_that_row_only_and_keeps_its_source():
    catalog = default_catalog()
    # Lambda's gpu_1x_h100_sxm5 is 4.29 USD/hour in the bundled catalog (SkyPilot v9).
    edited = edit_entry(catalog, "cloud", "lambda-gpu_1x_h100_sxm5@us-east-1",
                        {"price_per_hour": 2.99, "source": "Lambda quote", "price_date": "2026-10"})
    changes = diff_catalogs(catalog, edited)
    assert [(c.kind, c.id, c.change) for c in changes] == [
        ("cloud", "lambda-gpu_1x_h100_sxm5@us-east-1", "changed")]
    assert dict((name, new) for name, _, new in changes[0].fields) == {
        "price_per_hour": 2.99, "source": "Lambda quote", "price_date": "2026-10"}


@pytest.mark.parametrize(("changes", "message"), [
    ({"price_per_hour": -1.0}, "'price_per_hour' must be a number >= 0, got -1.0"),
    ({"price_date": "last week"}, "price date 'last week' is not a date"),
])
def test_a_bad_edit_names_the_row_and_what_is_wrong(changes, message):
    row = "lambda-gpu_1x_h100_sxm5@us-east-1"
    with pytest.raises(InputError, match=f"cloud row '{row}': .*" + message[:20]):
        edit_entry(default_catalog(), "cloud", "lambda-gpu_1x_h100_sxm5@us-east-1", changes)
