"""What a catalog entry fills in an option: only the fields the option leaves empty."""

from dataclasses import replace

import pytest

from core.costing.catalog_fill import catalog_values, filled_from_catalog
from core.costing.scenario import ApiOption, CloudOption, OnPremOption
from core.errors import InputError
from core.pricing.catalog import default_catalog


@pytest.fixture(scope="module")
def catalog():
    return default_catalog()


def test_an_api_option_takes_the_prices_it_leaves_empty(catalog):
    gpt = catalog.find_api("openai/gpt-4o")
    option = ApiOption(name="gpt", catalog=gpt.id, price_in_per_m=1.0)
    values = catalog_values(option, catalog, gpt.currency)
    assert "price_in_per_m" not in values  # the option's own price wins
    assert values["price_out_per_m"] == gpt.price_out_per_m
    assert (values["source"], values["price_date"]) == (gpt.source, gpt.price_date)
    filled = filled_from_catalog(option, catalog, gpt.currency)
    assert (filled.price_in_per_m, filled.price_out_per_m) == (1.0, gpt.price_out_per_m)


def test_money_comes_in_the_asked_currency_with_the_catalog_rate(catalog):
    gpt = catalog.find_api("openai/gpt-4o")
    other = "EUR" if gpt.currency != "EUR" else "USD"
    values = catalog_values(ApiOption(name="gpt", catalog=gpt.id), catalog, other)
    assert values["price_out_per_m"] == pytest.approx(
        catalog.convert(gpt.price_out_per_m, gpt.currency, other))


def test_a_cloud_instance_gives_its_gpus_unless_the_option_names_one(catalog):
    instance = catalog.cloud[0]
    values = catalog_values(CloudOption(name="c", catalog=instance.id), catalog,
                            instance.currency)
    assert (values["gpu"], values["gpus_per_instance"]) == (instance.gpu, instance.gpus)
    assert values["price_per_hour"] == instance.price_per_hour
    own = catalog_values(CloudOption(name="c", catalog=instance.id, gpu="L40S",
                                     price_per_second=0.001), catalog, instance.currency)
    assert "gpu" not in own and "price_per_hour" not in own


def test_nothing_comes_without_an_entry_and_an_unknown_entry_is_named(catalog):
    assert catalog_values(OnPremOption(name="o"), catalog, "EUR") == {}
    assert catalog_values(ApiOption(name="a"), catalog, "EUR") == {}
    with pytest.raises(InputError, match="no API price 'nope/none'"):
        catalog_values(replace(ApiOption(name="a"), catalog="nope/none"), catalog, "EUR")
