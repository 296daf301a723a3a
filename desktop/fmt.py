"""Figures as text in the user's locale: money with its currency, bytes with their unit."""

from PySide6.QtCore import QDate, QLocale

from core.units import GB, GiB
from desktop.i18n import tr

SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "CHF": "CHF", "JPY": "¥"}


def unknown() -> str:
    """What a figure nobody knows reads as, in the UI language."""
    return tr("unknown")


def locale() -> QLocale:
    return QLocale()


def number(value: float | None, digits: int = 0) -> str:
    if value is None:
        return unknown()
    return locale().toString(float(value), "f", digits)


def integer(value: int | None) -> str:
    return unknown() if value is None else locale().toString(int(value))


def money(value: float | None, currency: str, digits: int = 0) -> str:
    """'12.345 €' in German, '€12,345' in English; 'unknown' for a missing price."""
    if value is None:
        return unknown()
    return locale().toCurrencyString(float(value), SYMBOLS.get(currency, currency), digits)


def gib(num_bytes: float | None, digits: int = 1) -> str:
    return unknown() if num_bytes is None else f"{number(num_bytes / GiB, digits)} GiB"


def gb(num_bytes: float | None, digits: int = 1) -> str:
    return unknown() if num_bytes is None else f"{number(num_bytes / GB, digits)} GB"


def share(value: float | None) -> str:
    return unknown() if value is None else f"{number(value * 100, 0)} %"


def date(text: str) -> str:
    """An ISO date in the locale's short format; partial dates ('2025', '2024-H1') as given."""
    parsed = QDate.fromString(text[:10], "yyyy-MM-dd")
    if len(text) >= 10 and parsed.isValid():
        return locale().toString(parsed, QLocale.FormatType.ShortFormat)
    return text or tr("no date")


def parse_number(text: str) -> float | None:
    """A number typed in the locale's format (or with a '.' decimal point); None if not one."""
    text = text.strip().replace("\u202f", "").replace("\xa0", "")
    value, ok = locale().toDouble(text)
    if ok:
        return value
    value, ok = QLocale.c().toDouble(text.replace(",", ""))
    return value if ok else None
