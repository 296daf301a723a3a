"""Where each option of a plan processes data, and whether the scenario's residency rule lets
it be recommended (the jurisdictions: regions.py)."""

from dataclasses import dataclass

from core.costing.regions import ONPREM, PROVIDER_JURISDICTIONS, UNKNOWN, jurisdiction
from core.costing.scenario import ApiOption, CloudOption, HybridOption, OnPremOption, Option
from core.pricing.catalog import PriceCatalog


def part_region(option: ApiOption | CloudOption | OnPremOption,
                catalog: PriceCatalog) -> tuple[str, str]:
    """(region as shown, jurisdiction) of a part: its own region, else its catalog row's (for
    an API: its provider's seat), else on-premises for servers, else unknown."""
    if option.region:
        return option.region, jurisdiction(option.region)
    if isinstance(option, OnPremOption):
        return ONPREM, ONPREM
    if isinstance(option, CloudOption) and option.catalog:
        row = catalog.find_cloud(option.catalog)
        return row.region, jurisdiction(row.region)
    if isinstance(option, ApiOption) and option.catalog:
        provider = option.catalog.split("/", 1)[0].lower()
        where = PROVIDER_JURISDICTIONS.get(provider, UNKNOWN)
        name = catalog.find_api(option.catalog).provider
        return f"{name} ({where})", where
    return "", UNKNOWN


@dataclass(frozen=True)
class Placement:
    """Where an option processes data, and whether the residency rule allows it."""

    region: str  # as shown: "eu-north1 (FI)", "onprem", "mistral (eu)"
    jurisdictions: tuple[str, ...]
    excluded: str | None  # the reason, when the residency rule keeps it out


def placement(option: Option, parts: tuple[Option, ...], catalog: PriceCatalog,
              residency: tuple[str, ...]) -> Placement:
    """An option's region and jurisdictions (a hybrid's: both parts') against the rule."""
    if isinstance(option, HybridOption):
        placed = [placement(part, (), catalog, residency) for part in parts]
        region = " + ".join(place.region or UNKNOWN for place in placed)
        where = tuple(dict.fromkeys(j for place in placed for j in place.jurisdictions))
    else:
        region, single = part_region(option, catalog)
        where = (single,)
    excluded = None
    allowed = {value.strip().lower() for value in residency}
    if allowed and not set(where) <= allowed:
        outside = ", ".join(j for j in where if j not in allowed)
        excluded = (f"data processed in {outside} ({region or 'region not given'}); the "
                    f"scenario requires {', '.join(residency)}")
    return Placement(region, where, excluded)
