"""Messages into words: gettext catalogs (resources/locale/<language>/*.po, read with Babel) for
sentences, labels and plural forms; Babel's locale data for numbers, money, percentages, dates
and lists. English needs no catalog: a message's id is its English text."""

import gettext
import io
import math
import string
from datetime import date
from functools import cache, lru_cache

from core.i18n.message import (
    Arg,
    Count,
    Day,
    Given,
    Join,
    Message,
    Money,
    Name,
    Number,
    Quantity,
    Share,
    Term,
)
from core.resources import resource_dir

LANGUAGES = ("en", "de")
DOMAIN_FOLDER = "locale"


def check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}: use one of {', '.join(LANGUAGES)}")
    return language


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalog of `language`: every .po file of its folder, fuzzy entries left out (an
    unchecked translation shows the English text rather than a wrong one)."""
    if check_language(language) == "en":
        return gettext.NullTranslations()
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    merged = Catalog(locale=language, domain="llmplan")
    for path in sorted((resource_dir() / DOMAIN_FOLDER / language).glob("*.po")):
        with path.open("rb") as file:
            for entry in read_po(file, locale=language):
                if entry.id and entry.string and not entry.fuzzy:
                    merged.add(entry.id, entry.string)
    buffer = io.BytesIO()
    write_mo(buffer, merged)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def gettext_for(language: str, text: str) -> str:
    return translations(language).gettext(text)


@lru_cache(maxsize=64)
def _pattern(language: str, kind: str, digits: int) -> str:
    from babel import Locale

    locale = Locale.parse(language)
    base = {"currency": locale.currency_formats["standard"],
            "percent": locale.percent_formats[None],
            "decimal": locale.decimal_formats[None]}[kind].pattern
    head, zero, tail = base.partition(";")[0].partition("#,##0")
    if not zero:  # a locale without grouping in its pattern
        head, zero, tail = base.partition(";")[0].partition("0")
        zero = "#,##0"
    rest = tail.lstrip("0.#")
    return f"{head}{zero}{'.' + '0' * digits if digits > 0 else ''}{rest}"


def number(value: float, digits: int, language: str) -> str:
    """12,345.6 in English, 12.345,6 in German."""
    from babel.numbers import format_decimal

    if value != value or value in (float("inf"), float("-inf")):
        return gettext_for(language, "unknown")
    if round(value, digits) == 0:
        value = 0  # no '-0'
    if language == "en":  # CLDR's English pattern, as Python writes it: ten times faster
        return f"{value:,.{digits}f}"
    return format_decimal(value, format=_pattern(language, "decimal", digits), locale=language)


def given(value: float, language: str) -> str:
    """A figure as Python's `:g` writes it in English (1500, 0.5, 1e+308); elsewhere the same
    significant digits in the locale's format (1.500, 0,5, 1E308)."""
    text = f"{value:g}"
    if language == "en" or not math.isfinite(value):
        return text
    from babel.numbers import format_decimal, format_scientific

    if "e" in text:
        return format_scientific(value, format="0.#####E0", locale=language)
    decimals = len(text.partition(".")[2])
    return format_decimal(value, format="#,##0" + ("." + "0" * decimals if decimals else ""),
                          locale=language)


def money(amount: float | None, currency: str, language: str, digits: int = 0) -> str:
    """'€12,345' in English, '12.345 €' in German; 'unknown' for a missing price."""
    from babel.numbers import format_currency

    if amount is None or amount != amount:
        return gettext_for(language, "unknown")
    if round(amount, digits) == 0:
        amount = 0.0  # no '-€0'
    if language == "en":  # CLDR's '¤#,##0.00' with Python's formatting (JSON, English text)
        sign = "-" if amount < 0 else ""
        return f"{sign}{_symbol(currency)}{abs(amount):,.{digits}f}"
    return format_currency(amount, currency, format=_pattern(language, "currency", digits),
                           locale=language, currency_digits=False)


@lru_cache(maxsize=64)
def _symbol(currency: str) -> str:
    from babel.numbers import get_currency_symbol

    return get_currency_symbol(currency, locale="en")


def share(value: float, language: str, digits: int = 0) -> str:
    """0.3 as '30%' in English, '30 %' in German."""
    from babel.numbers import format_percent

    if round(value * 100, digits) == 0:
        value = 0.0  # no '-0 %'
    if language == "en":
        return f"{value * 100:,.{digits}f}%"
    return format_percent(value, format=_pattern(language, "percent", digits), locale=language)


def day(value: date | str, language: str) -> str:
    """A date as 2026-12-03 in English and 03.12.2026 in German; a month ('2026-12') as
    2026-12 / Dezember 2026; a year as it is."""
    from babel.dates import format_date

    if isinstance(value, str):
        text = value
        try:
            numbers = [int(part) for part in text.split("-")]
            if len(numbers) == 3:
                value = date(*numbers)
            elif len(numbers) == 2 and language != "en":
                return format_date(date(numbers[0], numbers[1], 1), "MMMM y", locale=language)
            else:
                return text
        except ValueError:
            return text
    if language == "en":
        return value.isoformat()
    return format_date(value, "medium", locale=language)


def listing(items: list[str], language: str) -> str:
    from babel.lists import format_list

    return format_list(items, locale=language) if items else ""


def render(item: Arg | None, language: str = "en") -> str:
    """A message or argument in `language` ('en', 'de')."""
    if item is None:
        return ""
    if isinstance(item, Message):
        return _sentence(item, language)
    if isinstance(item, str):
        return item
    if isinstance(item, bool):
        return gettext_for(language, "yes" if item else "no")
    if isinstance(item, int):
        return number(item, 0, language)
    if isinstance(item, Name):
        return item.text
    if isinstance(item, Count):
        return number(item.value, 0, language)
    if isinstance(item, Number):
        return number(item.value, item.digits, language)
    if isinstance(item, Given):
        return given(item.value, language)
    if isinstance(item, Money):
        return money(item.amount, item.currency, language, item.digits)
    if isinstance(item, Share):
        return share(item.value, language, item.digits)
    if isinstance(item, Quantity):
        return (f"{number(item.value, item.digits, language)} "
                f"{gettext_for(language, item.unit)}")
    if isinstance(item, Day):
        return day(item.value, language)
    if isinstance(item, Term):
        return gettext_for(language, item.text)
    if isinstance(item, Join):
        return listing([render(part, language) for part in item.items], language)
    if isinstance(item, float):
        return number(item, 2, language)
    return str(item)


def _count(item: Message) -> int:
    value = dict(item.args).get(item.count, 0)
    if isinstance(value, Count):
        return value.value
    if isinstance(value, Number):  # 2.5 years: the plural, 1.0 year: the singular
        return 1 if value.value == 1 else 2
    return value if isinstance(value, int) else 0


def _sentence(item: Message, language: str) -> str:
    catalog = translations(language)
    if item.plural is not None:
        template = catalog.ngettext(item.id, item.plural, _count(item))
    else:
        template = catalog.gettext(item.id)
    values = {name: render(value, language) for name, value in item.args}
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        # a translation naming an argument the message lacks: the English text, never a crash
        english = item.id if item.plural is None or _count(item) == 1 else item.plural
        return english.format(**values)


def placeholders(template: str) -> set[str]:
    """The argument names a template uses: '{option} and {n}' -> {'option', 'n'}."""
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


def translator(language: str) -> "Translate":
    return Translate(language)


class Translate:
    """tr(text, *args): a program label or positional sentence in `language`; arguments that
    are messages or typed values are rendered in the same language."""

    def __init__(self, language: str):
        self.language = check_language(language)

    def __call__(self, text: str, *args: Arg) -> str:
        template = gettext_for(self.language, text)
        values = [render(arg, self.language) for arg in args]
        try:
            return template.format(*values)
        except (KeyError, IndexError, ValueError):
            return text.format(*values)

    def plural(self, singular: str, plural: str, count: int, *args: Arg) -> str:
        """A positional sentence with plural forms:
        tr.plural('{0} server', '{0} servers', 3, 3)."""
        template = translations(self.language).ngettext(singular, plural, count)
        values = [render(arg, self.language) for arg in args]
        try:
            return template.format(*values)
        except (KeyError, IndexError, ValueError):
            return (singular if count == 1 else plural).format(*values)
