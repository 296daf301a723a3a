"""A figure as a person gave it (core.i18n.message.Given): English as Python's `:g` writes it,
which the CLI's refusals and their tests read; German in the locale's format."""

import pytest

from core.i18n.message import Given
from core.i18n.render import render


@pytest.mark.parametrize(("value", "english", "german"), [
    (-3, "-3", "-3"),
    (0.5, "0.5", "0,5"),
    (24.5, "24.5", "24,5"),
    (123456, "123456", "123.456"),  # :g writes no thousands separator; German groups
    (1500.25, "1500.25", "1.500,25"),
    (0.123456789, "0.123457", "0,123457"),  # :g keeps six significant digits
    (1e308, "1e+308", "1E308"),
    (1e-300, "1e-300", "1E-300"),
])
def test_a_given_figure_reads_as_g_in_english_and_in_the_german_format(value, english, german):
    assert render(Given(value), "en") == english == f"{value:g}"
    assert render(Given(value), "de") == german
