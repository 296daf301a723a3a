"""Every sentence and label the core can show has a German entry whose placeholders match, and
renders in both languages (issue 24)."""

import pytest

from core.i18n.message import Count, Message, Name
from core.i18n.render import Translate, placeholders, render, translations
from tests.i18n.catalog import ROOT, constants, extracted, german_has

MESSAGES = extracted()


def test_the_extractor_finds_the_messages_of_the_core():
    # report.py's headings alone are well over a hundred ids
    assert len({item.id for item in MESSAGES}) > 150


def test_every_message_id_has_a_german_entry():
    missing = sorted({f"{item.where}: {item.id!r}" for item in MESSAGES if not german_has(item)})
    assert not missing, f"{len(missing)} message(s) without German:\n" + "\n".join(missing)


def test_every_german_entry_is_used_by_the_code():
    """A catalog entry whose id no code holds any more is a sentence that was reworded and
    left behind."""
    from babel.messages.pofile import read_po

    held = constants()
    unused = []
    for path in sorted((ROOT / "resources" / "locale" / "de").glob("*.po")):
        with path.open("rb") as file:
            for entry in read_po(file):
                key = entry.id if isinstance(entry.id, str) else entry.id[0]
                if key and key not in held:
                    unused.append(f"{path.name}: {key!r}")
    assert not unused, "\n".join(unused)


def test_every_german_entry_uses_the_placeholders_of_its_id():
    catalog = translations("de")
    wrong = []
    for item in MESSAGES:
        if item.plural is None:
            german = catalog.gettext(item.id)
            if german != item.id and placeholders(german) != placeholders(item.id):
                wrong.append(f"{item.where}: {item.id!r} -> {german!r}")
        else:
            allowed = placeholders(item.id) | placeholders(item.plural)
            for count in (1, 2):
                german = catalog.ngettext(item.id, item.plural, count)
                if not placeholders(german) <= allowed:
                    wrong.append(f"{item.where}: {item.id!r} -> {german!r}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("language", ["en", "de"])
def test_every_message_renders_with_its_arguments(language):
    """Named ({option}) and positional ({0}) arguments all reach the sentence."""
    tr = Translate(language)
    for item in MESSAGES:
        names = placeholders(item.id) | placeholders(item.plural or "")
        if names and all(name.isdigit() for name in names):
            args = [Name(f"<{index}>") for index in range(max(map(int, names)) + 1)]
            text = (tr(item.id, *args) if item.plural is None
                    else tr.plural(item.id, item.plural, 2, *args))
        else:
            text = render(Message(item.id, tuple(
                (name, Count(2) if name == "n" else Name(f"<{name}>")) for name in sorted(names)),
                plural=item.plural), language)
        for name in names - {"n"}:
            assert f"<{name}>" in text, (item.where, text)


def test_plural_forms_follow_the_count():
    from core.i18n.message import nmsg
    servers = lambda count: nmsg("{n} server", "{n} servers", n=Count(count))  # noqa: E731
    assert render(servers(1), "en") == "1 server"
    assert render(servers(3), "en") == "3 servers"


@pytest.mark.parametrize(("language", "expected"), [("en", ("0%", "0", "€0")),
                                                     ("de", ("0\u00a0%", "0", "0\u00a0€"))])
def test_a_figure_that_rounds_to_zero_has_no_minus_sign(language, expected):
    from core.i18n.render import money, number, share
    assert (share(-0.001, language), number(-0.004, 0, language),
            money(-0.3, "EUR", language)) == expected


def test_english_figures_are_written_as_babel_writes_them():
    """English takes a faster path than Babel; it must give CLDR's English text."""
    import random

    from babel.numbers import format_currency, format_decimal, format_percent

    from core.i18n.render import money, number, share
    pick = random.Random(24)
    for _ in range(2000):
        value = pick.choice([-1, 1]) * 10 ** pick.uniform(-3, 9)
        digits = pick.randint(0, 4)
        frac = "." + "0" * digits if digits else ""
        if round(value, digits) == 0:
            continue  # a zero has no minus sign here, unlike Babel (tested above)
        assert number(value, digits, "en") == format_decimal(
            value, format=f"#,##0{frac}", locale="en")
        for currency in ("EUR", "USD", "GBP", "CHF", "CAD"):
            assert money(value, currency, "en", digits) == format_currency(
                value, currency, format=f"¤#,##0{frac}", locale="en", currency_digits=False)
        if round(value / 1e4, digits) != 0:
            assert share(value / 1e6, "en", digits) == format_percent(
                value / 1e6, format=f"#,##0{frac}%", locale="en")
