"""Where each option of a plan processes data, and whether the scenario's residency rule lets
it be recommended (the jurisdictions: regions.py)."""

from collections.abc import Sequence
from dataclasses import dataclass

from core.costing.regions import (
    ONPREM,
    PROVIDER_JURISDICTIONS,
    UNKNOWN,
    jurisdiction,
    jurisdiction_words,
)
from core.costing.scenario import ApiOption, CloudOption, HybridOption, OnPremOption, Option
from core.i18n.message import Arg, Name, Text, msg
from core.model.words import commas
from core.pricing.catalog import PriceCatalog


def part_region(option: ApiOption | CloudOption | OnPremOption,
                catalog: PriceCatalog) -> tuple[Text, str]:
    """(region as shown, jurisdiction) of a part: its own region, else its catalog row's (for
    an API: its provider's seat), else on-premises for servers, else unknown. A region the
    scenario or catalog names is shown as given; on-premises and a provider's seat in words."""
    if option.region:
        return _region(option.region), jurisdiction(option.region)
    if isinstance(option, OnPremOption):
        return jurisdiction_words(ONPREM), ONPREM
    if isinstance(option, CloudOption) and option.catalog:
        row = catalog.find_cloud(option.catalog)
        return _region(row.region), jurisdiction(row.region)
    if isinstance(option, ApiOption) and option.catalog:
        provider = option.catalog.split("/", 1)[0].lower()
        where = PROVIDER_JURISDICTIONS.get(provider, UNKNOWN)
        name = catalog.find_api(option.catalog).provider
        return msg("{provider} ({jurisdiction})", provider=Name(name),
                   jurisdiction=jurisdiction_words(where)), where
    return "", UNKNOWN


def _region(region: str) -> Text:
    """A region as given: a provider's code ('eu-north1 (FI)') as it is; 'onprem' in words."""
    return jurisdiction_words(ONPREM) if region == ONPREM else region


@dataclass(frozen=True)
class Placement:
    """Where an option processes data, and whether the residency rule allows it."""

    region: Text  # as shown: "eu-north1 (FI)", "onprem", "Mistral (eu)"; str() is the JSON's
    jurisdictions: tuple[str, ...]
    excluded: Text | None  # the reason, when the residency rule keeps it out


def placement(option: Option, parts: tuple[Option, ...], catalog: PriceCatalog,
              residency: tuple[str, ...]) -> Placement:
    """An option's region and jurisdictions (a hybrid's: both parts') against the rule."""
    region: Text
    if isinstance(option, HybridOption):
        placed = [placement(part, (), catalog, residency) for part in parts]
        shown = [place.region or jurisdiction_words(UNKNOWN) for place in placed]
        region = shown[0]
        for more in shown[1:]:
            region = msg("{base} + {overflow}", base=region, overflow=more)
        where = tuple(dict.fromkeys(j for place in placed for j in place.jurisdictions))
    else:
        region, single = part_region(option, catalog)
        where = (single,)
    excluded = None
    allowed = {value.strip().lower() for value in residency}
    if allowed and not set(where) <= allowed:
        excluded = msg("data processed in {outside} ({region}); the scenario requires "
                       "{required}", outside=_listed([j for j in where if j not in allowed]),
                       region=region or msg("region not given"), required=_listed(residency))
    return Placement(region, where, excluded)


def _listed(jurisdictions: Sequence[str]) -> Arg:
    """Jurisdictions after commas, each in words ('eu, onprem')."""
    return commas([jurisdiction_words(j) for j in jurisdictions])
