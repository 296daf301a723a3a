"""Reading a downloaded price file safely: bytes to text, JSON or CSV rows within bounds, and
each price and GPU count checked (a price of 0, NaN, negative or implausible is never taken).
What a file holds comes back as an ImportResult with every row left out and why."""

import csv
import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from core.errors import InputError
from core.files import json_document
from core.i18n.message import Arg, Count, Message, Name, Text, msg
from core.pricing.catalog import (
    PriceCatalog,
    entries,
)
from core.safe_text import csv_text

MAX_FILE_BYTES = 64 * 1024 * 1024
# What a price file may hold, so that any file is read within 10 s and 300 MB (DESIGN.md,
# budgets): a 62 MB CSV of 620,000 rows took 25 s and 1.2 GB, a 60 MB LiteLLM file 25 s and
# 640 MB. Real files are far below: LiteLLM's holds a few thousand models, one cloud's
# SkyPilot vms.csv tens of thousands of rows (benches/bench_store.py: 2,000 after dedup).
MAX_ROWS = 100_000
MAX_JSON_BYTES = 16 * 1024 * 1024
# Prices one catalog version may hold: every plan and listing reads the whole version (the
# bundled one holds 45; 100,000 took 10 s to import and 8 s for every later command).
MAX_CATALOG_ROWS = 20_000
# A price above these is taken for a unit or typing slip, not imported.
MAX_PRICE_PER_M_TOKENS = 10_000.0
MAX_PRICE_PER_HOUR = 10_000.0
MIN_PRICE_PER_M_TOKENS = 1e-6



# A reason with the row's particulars after a colon ('duplicate: openai/gpt-4o'): the reason
# before the colon is what an import's summary counts rows by.
DETAILED = "{reason}: {detail}"


def detailed(reason: Text, detail: Arg) -> Message:
    """A reason and the row's particulars: 'price is negative: -3'."""
    return msg("{reason}: {detail}", reason=reason, detail=detail)


@dataclass(frozen=True)
class Skipped:
    """A row left out, and why."""

    where: str  # "line 12" or a JSON key
    reason: Text  # in words; str() gives the English

    @property
    def kind(self) -> Text:
        """The reason without the row's particulars ('duplicate', 'price is negative')."""
        reason = self.reason
        if isinstance(reason, str):
            return reason.split(": ")[0]
        head = reason.arg("reason") if reason.id == DETAILED else reason
        return head if isinstance(head, Message | str) else reason


@dataclass(frozen=True)
class ImportResult:
    """What a file holds, checked: the rows to add and the rows left out."""

    format: str
    catalog: PriceCatalog  # only the rows of this file; rates empty when it has none
    skipped: tuple[Skipped, ...]
    origin: str

    @property
    def taken(self) -> int:
        return sum(len(entries(self.catalog, kind)) for kind in ("api", "cloud", "energy",
                                                                 "hardware"))

    @property
    def undated(self) -> int:
        """Rows without a price date (a format without dates, imported without one)."""
        return sum(1 for kind in ("api", "cloud", "energy", "hardware")
                   for entry in entries(self.catalog, kind) if not entry.price_date)

    def skip_summary(self) -> list[tuple[Text, int, Skipped]]:
        """(reason, count, first row skipped for it), the commonest first; a reason is the
        part of the message before the row's particulars (Skipped.kind)."""
        groups: dict[Text, list[Skipped]] = {}
        for skip in self.skipped:  # messages are hashable: no rendering per row
            groups.setdefault(skip.kind, []).append(skip)
        return sorted(((rows[0].kind, len(rows), rows[0]) for rows in groups.values()),
                      key=lambda item: -item[1])


class RowSkipped(Exception):
    """A row that cannot be used; `reason` says why (str() of the exception: in English)."""

    def __init__(self, reason: Text) -> None:
        super().__init__(reason)
        self.reason = reason

    def __str__(self) -> str:  # rendered when read: a file may skip 100,000 rows
        return str(self.reason)


# --- reading the bytes ---------------------------------------------------------------------------


def decoded_text(data: bytes, name: str) -> str:
    if len(data) > MAX_FILE_BYTES:
        raise InputError(f"{name} is {len(data) / 1e6:,.0f} MB; price files above "
                         f"{MAX_FILE_BYTES / 1e6:,.0f} MB are not read")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{name} is UTF-16 text; save it as UTF-8 and import it again")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"{name} is not UTF-8 text (byte 0x{data[error.start]:02x} at "
                         f"position {error.start:,}); save it as UTF-8 and import it again"
                         ) from None
    if "\x00" in text:
        raise InputError(f"{name} contains NUL bytes: it is not a text price file")
    if not text.strip():
        raise InputError(f"{name} is empty")
    return text


def parsed_json(text: str, name: str) -> Any:
    """A JSON price file, parsed when it is at most MAX_JSON_BYTES.

    Raises:
        InputError: larger, or not JSON.
    """
    if len(text) > MAX_JSON_BYTES:  # characters: at most as many as its bytes
        raise InputError(f"{name} is {len(text) / 1e6:,.0f} MB of JSON; JSON price files "
                         f"above {MAX_JSON_BYTES / 1e6:,.0f} MB are not read")
    return json_document(text, name)


def check_rows(count: int, name: str, what: str = "rows") -> None:
    """Raises InputError when a price file holds more than MAX_ROWS rows or entries."""
    if count > MAX_ROWS:
        raise InputError(f"{name} holds {count:,} {what}; price files of more than "
                         f"{MAX_ROWS:,} are not read (split it)")


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def _lines(text: str) -> Iterator[str]:
    """The lines of `text` with their endings (\\n, \\r\\n or \\r, as io.StringIO with
    newline="" gives them), one at a time: a StringIO holds its text as four bytes a character,
    268 MB for a 67 MB file."""
    return (match.group() for match in _LINE.finditer(text))


class CsvRows:
    """The (line number, row) pairs of a CSV file, parsed on each pass, one row held at a
    time: the rows of a 67 MB file held at once took hundreds of MB. A row holds only the
    columns asked for; rows with more fields than the header go to `skipped` (on a plain pass,
    not a quiet one).

    Raises (while iterating):
        InputError: the CSV cannot be read.
    """

    def __init__(self, text: str, name: str, width: int, wanted: list[tuple[int, str]],
                 skipped: list[Skipped]) -> None:
        self.text, self.name, self.width, self.wanted = text, name, width, wanted
        self.skipped = skipped

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        return self._rows(self.skipped)

    def quietly(self) -> Iterator[tuple[int, dict[str, str]]]:
        """A pass that records no skipped rows (a look ahead before the pass that counts)."""
        return self._rows(None)

    def _rows(self, skipped: list[Skipped] | None) -> Iterator[tuple[int, dict[str, str]]]:
        try:
            reader = csv.reader(_lines(self.text))
            next(reader, None)  # the header
            for values in reader:
                if not any(value.strip() for value in values):
                    continue
                if len(values) > self.width:
                    if skipped is not None:
                        skipped.append(Skipped(f"line {reader.line_num}", msg(
                            "{fields} fields, the header has {width} (an unquoted comma?)",
                            fields=Count(len(values)), width=Count(self.width))))
                    continue
                yield reader.line_num, {column: csv_text(values[index].strip())
                                        for index, column in self.wanted
                                        if index < len(values)}
        except csv.Error as error:
            raise InputError(f"{self.name}: not a readable CSV file ({error})") from None


def csv_rows(text: str, name: str, required: tuple[str, ...], skipped: list[Skipped],
             keep: tuple[str, ...] | None = None) -> tuple[list[str], CsvRows]:
    """The header and the rows (see CsvRows), each holding only the columns in `keep` (all
    by default); every required column must be in the header.

    Raises:
        InputError: more than MAX_ROWS lines, a required column missing or one named twice.
    """
    # counted before parsing: a row is at least one line (quoted cells may hold more)
    check_rows(text.count("\n") + (not text.endswith("\n")) - 1, name,
               "lines after the header")
    try:
        header = [column.strip() for column in next(csv.reader(_lines(text)), [])]
    except csv.Error as error:
        raise InputError(f"{name}: not a readable CSV file ({error})") from None
    missing = [column for column in required if column not in header]
    if missing:
        raise InputError(f"{name}: the header lacks {', '.join(missing)} (it has: "
                         f"{', '.join(header[:12]) or 'nothing'})")
    doubled = sorted(column for column, count in Counter(header).items() if count > 1)
    if doubled:  # counted once (header.count per column was quadratic in its length)
        raise InputError(f"{name}: the header names {', '.join(doubled[:5])[:300]} twice")
    wanted = [(index, column) for index, column in enumerate(header)
              if keep is None or column in keep]
    return header, CsvRows(text, name, len(header), wanted, skipped)


def checked_price(value: Any, label: str, limit: float, optional: bool = False) -> float | None:
    """A positive, finite price; raises RowSkipped with the reason otherwise."""
    field = Name(label)
    if value is None or value == "":
        if optional:
            return None
        raise RowSkipped(msg("no {field}", field=field))
    if isinstance(value, bool):
        raise RowSkipped(detailed(msg("{field} is not a number", field=field),
                                  Name(repr(value))))
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise RowSkipped(detailed(msg("{field} is not a number", field=field),
                                  Name(repr(str(value)[:40])))) from None
    if math.isnan(number):
        raise RowSkipped(msg("{field} is NaN (unknown)", field=field))
    if math.isinf(number) or number > limit:
        raise RowSkipped(detailed(msg("{field} is implausibly high", field=field),
                                  Name(f"{number:g}")))
    if number < 0:
        raise RowSkipped(detailed(msg("{field} is negative", field=field), Name(f"{number:g}")))
    if number == 0:
        if optional:
            return None
        raise RowSkipped(msg("{field} is 0 (a missing price is unknown, never 0)", field=field))
    return number


def checked_count(value: Any, label: str) -> int:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise RowSkipped(detailed(msg("{field} is not a number", field=Name(label)),
                                  Name(repr(str(value)[:40])))) from None
    if not math.isfinite(number) or number != int(number) or not 1 <= number <= 1024:
        raise RowSkipped(detailed(msg("{field} is not a GPU count", field=Name(label)),
                                  Name(repr(value))))
    return int(number)
