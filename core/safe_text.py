"""Text from outside (names, sources, notes) made safe for where it goes out again.

CSV: a cell a spreadsheet would read as a formula (starting with =, +, -, @, a tab or a
carriage return) gets a leading apostrophe, the rule OWASP gives for CSV injection
(https://owasp.org/www-community/attacks/CSV_Injection); a number stays a number. Reading our
own CSV back takes the apostrophe off again, so an export imports unchanged.
"""

from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def csv_cell(value: Any) -> Any:
    """The value as a CSV cell no spreadsheet runs: formula-like text gets an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _is_number(value):
        return "'" + value
    return value


def csv_text(cell: str) -> str:
    """A cell as written by csv_cell, back as the text it was."""
    if cell[:1] == "'" and cell[1:2] in FORMULA_START and cell[1:2] \
            and not _is_number(cell[1:]):
        return cell[1:]
    return cell
