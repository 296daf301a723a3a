"""Where an option processes data: jurisdictions from regions, and the scenario's residency rule.

A jurisdiction is "onprem" (the company's own premises), "eu" (a member state of the European
Union), "uk", "us", "ch", or another ISO 3166 country code in lower case. Provider regions map to
one by their country: the catalog's cloud rows carry it ("eu-central-1 (DE)"), and the region
names of AWS, Google Cloud and Azure name it in their prefix. A region that maps to none is
"unknown", and an option with an unknown jurisdiction never meets a residency rule: the plan
cannot show that it does.
"""

import re

from core.errors import InputError
from core.i18n.message import Message, Name, Text, msg

ONPREM = "onprem"
UNKNOWN = "unknown"
# The 27 member states (ISO 3166-1 alpha-2; Greece as GR and EL), European Union, 2026.
EU_COUNTRIES = frozenset((
    "at", "be", "bg", "hr", "cy", "cz", "dk", "ee", "fi", "fr", "de", "gr", "el", "hu", "ie",
    "it", "lv", "lt", "lu", "mt", "nl", "pl", "pt", "ro", "sk", "si", "es", "se"))
_NAMED = {"eu": "eu", "europe": "eu", "us": "us", "usa": "us", "uk": "uk", "gb": "uk",
          "ch": "ch", ONPREM: ONPREM, "on-prem": ONPREM, "on-premises": ONPREM}
# Region name prefixes of AWS (eu-central-1), Google Cloud (europe-west4, us-central1),
# Azure (westeurope, germanywestcentral, eastus2) and GPU clouds (Nebius eu-north1), as each
# provider's region list names them.
_PREFIXES = (
    ("europe-", "eu"), ("eu-", "eu"), ("us-", "us"), ("ca-", "ca"), ("northamerica-", None),
    ("uk", "uk"), ("switzerland", "ch"), ("germany", "eu"), ("france", "eu"), ("sweden", "eu"),
    ("italy", "eu"), ("poland", "eu"), ("spain", "eu"), ("norway", "no"), ("canada", "ca"),
    ("japan", "jp"), ("korea", "kr"), ("australia", "au"), ("brazil", "br"), ("india", "in"),
    ("asia-", None), ("ap-", None), ("me-", None), ("sa-", None), ("af-", None),
    ("australia-", "au"), ("southamerica-", None))
_AZURE_SUFFIX = (("europe", "eu"), ("us", "us"), ("us2", "us"), ("us3", "us"))
# Where each API provider processes requests by default, by its own terms (its company seat and
# data-processing addendum): a provider's regional offers (an EU data zone) are an option's own
# "region". A provider left out is "unknown".
PROVIDER_JURISDICTIONS = {
    "openai": "us", "anthropic": "us", "google": "us", "x-ai": "us", "xai": "us",
    "meta": "us", "together": "us", "fireworks": "us", "groq": "us", "deepseek": "cn",
    "mistral": "eu",
}
_COUNTRY = re.compile(r"\(([A-Za-z]{2})\)\s*$")
# The jurisdictions in words: English shows the code as the scenario writes it (and `cost --json`
# prints it), other languages the place ('onprem': the company's own premises).
_WORDS: dict[str, Message] = {
    ONPREM: msg("onprem"), "eu": msg("eu"), "us": msg("us"), "uk": msg("uk"),
    "ch": msg("ch"), UNKNOWN: msg("unknown"),
}


def jurisdiction(region: str | None) -> str:
    """The jurisdiction a region names, or "unknown"."""
    if not region:
        return UNKNOWN
    text = region.strip().lower()
    country = _COUNTRY.search(text)
    if country:
        return _country(country.group(1))
    if text in _NAMED:
        return _NAMED[text]
    if re.fullmatch(r"[a-z]{2}", text):
        return _country(text)
    for prefix, where in _PREFIXES:
        if text.startswith(prefix):
            return where or UNKNOWN
    for suffix, where in _AZURE_SUFFIX:
        if re.fullmatch(r"[a-z]+" + suffix, text):
            return where
    return UNKNOWN


def jurisdiction_words(code: str) -> Text:
    """A jurisdiction as a person reads it: the program's words for onprem, eu, us, uk, ch
    and unknown; any other country code as it is."""
    return _WORDS.get(code) or code


def _country(code: str) -> str:
    code = code.lower()
    if code in EU_COUNTRIES:
        return "eu"
    return "uk" if code == "gb" else code


def check_residency(values: tuple[str, ...]) -> None:
    """Residency names jurisdictions, not provider regions.

    Raises:
        InputError: naming the entry that is not a jurisdiction.
    """
    for index, value in enumerate(values):
        where = jurisdiction(value)
        if where == UNKNOWN or where != value.strip().lower():
            field, given = Name(f"residency[{index}]"), Name(value)
            if where == "eu":
                raise InputError(msg("{field}: '{value}' is not a jurisdiction (a member state "
                                     "of the EU is eu); give eu, onprem, us, uk, ch or the "
                                     "two-letter code of a country outside the EU",
                                     field=field, value=given))
            raise InputError(msg("{field}: '{value}' is not a jurisdiction; give eu, onprem, "
                                 "us, uk, ch or the two-letter code of a country outside the "
                                 "EU", field=field, value=given))
