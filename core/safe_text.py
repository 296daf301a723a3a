"""Text from outside (names, sources, notes) made safe for where it goes out again.

Terminal: control characters (escape sequences that move the cursor, retitle the window or,
with OSC 52, write the clipboard; carriage returns that overwrite a line) and the Unicode
direction overrides that make text read differently than it is stored are dropped; newlines and
tabs stay.

CSV: a cell a spreadsheet would read as a formula (starting with =, +, -, @, a tab or a
carriage return) gets a leading apostrophe, the rule OWASP gives for CSV injection
(https://owasp.org/www-community/attacks/CSV_Injection); a number stays a number. Reading our
own CSV back takes the apostrophe off again, so an export imports unchanged.
"""

import re
from typing import Any, TextIO

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


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal(text: str) -> str:
    """`text` without control characters and direction overrides (newlines and tabs stay)."""
    return _CONTROL.sub("", text)


def one_line(text: str) -> str:
    """`text` on one line: its line breaks (from a file name, an argument or a message that
    quotes one) become spaces, so a refusal stays the one line scripts read."""
    return " ".join(text.splitlines())


class TerminalWriter:
    """A text stream that writes through `terminal`: what the CLI prints never carries an
    escape sequence from a file, a server or a name."""

    def __init__(self, stream: TextIO):
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(terminal(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
