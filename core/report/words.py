"""The proposal's words and figures in the chosen language: labels and sentences from the
gettext catalogs (resources/locale), numbers, money, percentages and dates by Babel
(core.i18n.render)."""

from datetime import date

from core.costing.inputs import CRITERIA_LABELS
from core.i18n import render as i18n
from core.i18n.message import Count, Message, Term, msg, term
from core.i18n.render import LANGUAGES, Translate

__all__ = ["LANGUAGES", "Translate", "catalog_version", "day", "label", "money", "number",
           "share", "words"]

# Labels for keys that are names in the data: an option's kind and the non-cost criteria.
LABELS: dict[str, Term] = {
    "api": term("Pay-per-token API"), "cloud": term("Cloud GPUs"),
    "onprem": term("Own servers (on-prem)"), "hybrid": term("Hybrid: base + overflow"),
    **CRITERIA_LABELS,
}


def label(key: str, language: str) -> str:
    """A data key ('onprem', 'data_control') as its label in `language`; an unknown key (a
    criterion the user added) as given."""
    known = LABELS.get(key)
    return i18n.render(known, language) if known is not None else key


def catalog_version(number: int) -> Message:
    """'catalog version 3': which saved catalog a proposal's prices come from."""
    return msg("catalog version {version}", version=Count(number))


def words(language: str) -> Translate:
    """A tr(text, *args) function for the language ('en' or 'de')."""
    return Translate(language)


def number(value: float, digits: int, language: str) -> str:
    """Grouped digits: 12,345.6 in English, 12.345,6 in German."""
    return i18n.number(value, digits, language)


def money(value: float | None, currency: str, language: str, digits: int = 0) -> str:
    """'€12,345' in English, '12.345 €' in German; 'unknown' for a missing price."""
    return i18n.money(value, currency, language, digits)


def share(value: float, language: str) -> str:
    """0.3 as '30%' in English, '30 %' in German."""
    return i18n.share(value, language)


def day(value: date, language: str) -> str:
    return i18n.day(value, language)
