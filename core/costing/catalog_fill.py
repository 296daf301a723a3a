"""What a catalog entry fills in an option: the prices (and for a cloud instance its GPUs)
the option leaves empty, its source and date. The plan prices an option with these; the GUI
shows them, greyed, in the fields they fill."""

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from core.costing.scenario import ApiOption, CloudOption, Option
from core.pricing.catalog import ApiPrice, CloudInstance, PriceCatalog

API_FILLED = ("price_in_per_m", "price_out_per_m", "price_cached_in_per_m",
              "training_price_per_m", "price_cache_write_per_m", "price_in_long_per_m",
              "price_out_long_per_m", "price_in_finetuned_per_m", "price_out_finetuned_per_m")


def catalog_values(option: Option, catalog: PriceCatalog, currency: str,
                   rates: Mapping[str, float] | None = None) -> dict[str, Any]:
    """field -> value the option's catalog entry gives it, money in `currency` (an option
    without a catalog entry, or an on-prem option, gets nothing).

    Raises:
        InputError: the entry is not in the catalog, or a currency has no rate.
    """
    if not isinstance(option, (ApiOption, CloudOption)) or option.catalog is None:
        return {}
    values: dict[str, Any] = {}

    def money(value: float | None, source: str) -> float | None:
        return None if value is None else catalog.convert(value, source, currency, rates)

    entry: ApiPrice | CloudInstance
    if isinstance(option, ApiOption):
        entry = catalog.find_api(option.catalog)
        for name in API_FILLED:
            if getattr(option, name) is None:
                values[name] = money(getattr(entry, name), entry.currency)
        if option.batch_discount == 0 and entry.batch_discount:
            values["batch_discount"] = entry.batch_discount
        if option.long_context_threshold is None and entry.long_context_threshold:
            values["long_context_threshold"] = entry.long_context_threshold
    else:
        entry = catalog.find_cloud(option.catalog)
        if option.gpu is None:
            values["gpu"] = entry.gpu
            values["gpus_per_instance"] = entry.gpus
        if option.price_per_hour is None and option.price_per_second is None:
            values["price_per_hour"] = money(entry.price_per_hour, entry.currency)
    if not option.source:
        values["source"] = entry.source
    if not option.price_date:
        values["price_date"] = entry.price_date
    return values


def filled_from_catalog(option: Option, catalog: PriceCatalog, currency: str,
                        rates: Mapping[str, float] | None = None) -> Option:
    """The option with what its catalog entry fills (money in `currency`)."""
    return replace(option, **catalog_values(option, catalog, currency, rates))
