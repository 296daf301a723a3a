"""Frozen dataclasses whose fields declare their accepted range, and the strict JSON reader and
writer for them (scenario files and hardware profiles use the same checks and messages)."""

import json
import math
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import MISSING, field, fields, is_dataclass
from pathlib import Path
from typing import Any, TypeVar

from core.errors import InputError
from core.files import json_document, read_bounded
from core.i18n.message import Arg, Count, Given, Name, Term, msg, nmsg

_T = TypeVar("_T")
# No figure a plan reads (requests, tokens, prices, bytes, parameters) comes near 10^15; beyond
# it, products of two inputs overflow to infinity and a typo of 1e308 would print "inf EUR".
MAX_MAGNITUDE = 1e15
# A name, a source or a note is a line or a paragraph; a list is a handful of options, notes or
# figures. Far longer ones are refused rather than read (and laid out in a PDF) for minutes.
MAX_TEXT = 10_000
# A name (of a scenario, an option, a figure) is printed in every table and chart legend of
# the proposal, a source or a date in table cells: 50 options named with 10,000 characters
# took minutes to lay out (reportlab re-wraps a cell each time a table splits over pages).
MAX_NAME = 300
MAX_LINE = 1_000
# A scenario with 50 options, notes and probed profiles is tens of kB.
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024
MAX_ITEMS = 1_000


def declared(default: Any = MISSING, *, low: float | None = 0.0, high: float | None = None,
             low_open: bool = False, choices: tuple[str, ...] = (), doc: str = "",
             max_length: int = MAX_TEXT) -> Any:
    """A field with its accepted range (for text: its longest length), read by the file
    reader and shown in tooltips."""
    metadata = {"low": low, "high": high, "low_open": low_open, "choices": choices, "doc": doc,
                "max_length": max_length}
    if default is MISSING:
        return field(metadata=metadata)
    if isinstance(default, (dict, list)):
        return field(default_factory=lambda: type(default)(default), metadata=metadata)
    return field(default=default, metadata=metadata)


def _figure(value: float) -> Arg:
    """An offending figure as it was given: `:g` where that is how Python writes it, else its
    full text (2.0000001 stays 2.0000001)."""
    return Given(value) if f"{value:g}" == f"{value}" else Name(f"{value}")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _check_number(value: Any, meta: Mapping[str, Any], where: str, integer: bool) -> float:
    if not _is_number(value):
        raise InputError(msg("{field}: expected a number, got {value}", field=Name(where),
                             value=Name(json.dumps(value))))
    if isinstance(value, float) and math.isinf(value):  # also 10^400 read from a file
        raise InputError(msg("{field}: the number is beyond any plausible figure (at most "
                             "{limit})", field=Name(where), limit=Given(MAX_MAGNITUDE)))
    if not math.isfinite(value):
        raise InputError(msg("{field}: {value} is not a finite number", field=Name(where),
                             value=Name(f"{value}")))
    if abs(value) > MAX_MAGNITUDE:
        raise InputError(msg("{field}: {value} is beyond any plausible figure (at most "
                             "{limit})", field=Name(where), value=Given(value),
                             limit=Given(MAX_MAGNITUDE)))
    if integer and value != int(value):
        raise InputError(msg("{field}: expected a whole number, got {value}",
                             field=Name(where), value=_figure(value)))
    low, high = meta.get("low"), meta.get("high")
    if low is not None and (value < low or (meta.get("low_open") and value == low)):
        if meta.get("low_open"):
            raise InputError(msg("{field}: {value} is not allowed; it must be above {low}",
                                 field=Name(where), value=Given(value), low=Given(low)))
        raise InputError(msg("{field}: {value} is not allowed; it must be at least {low}",
                             field=Name(where), value=Given(value), low=Given(low)))
    if high is not None and value > high:
        raise InputError(msg("{field}: {value} is not allowed; it must be at most {high}",
                             field=Name(where), value=Given(value), high=Given(high)))
    return int(value) if integer else float(value)


def _kind_of(cls: type) -> str:
    return str(next(item.default for item in fields(cls) if item.name == "kind"))


def _read_variant(members: list[Any], value: Any, where: str) -> Any:
    """A union of dataclasses is told apart by their "kind" field."""
    if not isinstance(value, dict):
        raise InputError(msg("{field}: expected an object", field=Name(where)))
    kinds = {_kind_of(member): member for member in members}
    kind = value.get("kind")
    if not isinstance(kind, str) or kind not in kinds:  # [] was 'unhashable type'
        raise InputError(msg("{field}: '{value}' is not one of {choices}",
                             field=Name(f"{where}.kind"), value=Name(str(kind)[:40]),
                             choices=Name(", ".join(kinds))))
    return read_declared(kinds[kind], value, where)


def _convert(value: Any, kind: Any, meta: Mapping[str, Any], where: str) -> Any:
    origin = typing.get_origin(kind)
    if origin in (types.UnionType, typing.Union):
        members = [member for member in typing.get_args(kind) if member is not type(None)]
        if value is None:
            if len(members) == len(typing.get_args(kind)):
                raise InputError(msg("{field}: a value is required", field=Name(where)))
            return None
        if len(members) > 1:
            return _read_variant(members, value, where)
        return _convert(value, members[0], meta, where)
    if value is None:
        raise InputError(msg("{field}: a value is required", field=Name(where)))
    if kind is bool:
        if not isinstance(value, bool):
            raise InputError(msg("{field}: expected true or false", field=Name(where)))
        return value
    if kind in (int, float):
        return _check_number(value, meta, where, integer=kind is int)
    if kind is str:
        if not isinstance(value, str):
            raise InputError(msg("{field}: expected text, got {value}", field=Name(where),
                                 value=Name(json.dumps(value)[:80])))
        longest = meta.get("max_length", MAX_TEXT)
        if len(value) > longest:
            raise InputError(nmsg("{field}: {n} character is too long (at most {limit})",
                                  "{field}: {n} characters is too long (at most {limit})",
                                  field=Name(where), n=Count(len(value)),
                                  limit=Count(longest)))
        choices = meta.get("choices")
        if choices and value not in choices:
            raise InputError(msg("{field}: '{value}' is not one of {choices}",
                                 field=Name(where), value=Name(value),
                                 choices=Name(", ".join(choices))))
        return value
    if origin is tuple:
        if not isinstance(value, list):
            raise InputError(msg("{field}: expected a list", field=Name(where)))
        if len(value) > MAX_ITEMS:
            raise InputError(nmsg("{field}: {n} entry is too many (at most {limit})",
                                  "{field}: {n} entries are too many (at most {limit})",
                                  field=Name(where), n=Count(len(value)),
                                  limit=Count(MAX_ITEMS)))
        item_kind = typing.get_args(kind)[0]
        return tuple(_convert(item, item_kind, meta, f"{where}[{index}]")
                     for index, item in enumerate(value))
    if origin is dict:
        if not isinstance(value, dict):
            raise InputError(msg("{field}: expected an object", field=Name(where)))
        value_kind = typing.get_args(kind)[1]
        return {str(key): _convert(item, value_kind, meta, f"{where}.{key}")
                for key, item in value.items()}
    if isinstance(kind, type) and is_dataclass(kind):
        return read_declared(kind, value, where)
    raise TypeError(f"no reader for {kind}")  # a declaration error, not user input


def text_size(document: Any) -> int:
    """The characters of every text (keys included) in a parsed JSON document; walked
    without recursion, as a document may nest as deep as the JSON reader allows."""
    size, pending = 0, [document]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            size += len(item)
        elif isinstance(item, dict):
            size += sum(len(str(key)) for key in item)
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return size


def check_text_size(document: Any, limit: int, skip: tuple[str, ...] = ()) -> None:
    """Refuse a document whose text, outside the top-level keys in `skip`, is more than
    `limit` characters, naming the key holding most of it.

    Raises:
        InputError: the document holds more text than `limit`.
    """
    if not isinstance(document, dict):
        return
    sizes = {key: text_size(value) for key, value in document.items() if key not in skip}
    total = sum(sizes.values())
    if total > limit:
        largest = max(sizes, key=lambda key: sizes[key])
        raise InputError(msg("{field}: the file holds {total} characters of text ({here} of "
                             "them here); at most {limit} are read", field=Name(largest),
                             total=Count(total), here=Count(sizes[largest]),
                             limit=Count(limit)))


def read_declared(cls: type[_T], data: Any, where: str) -> _T:
    """Check `data` against the declarations of `cls` and build it.

    Raises:
        InputError: naming the first field that is wrong (`options[2].price_per_hour: ...`).
    """
    if not isinstance(data, dict):
        raise InputError(msg("{field}: expected an object",
                             field=Name(where) if where else Term("document")))
    hints = typing.get_type_hints(cls)
    declarations = {item.name: item for item in fields(cls)}  # type: ignore[arg-type]
    prefix = f"{where}." if where else ""
    unknown = sorted(set(data) - set(declarations))
    if unknown:
        raise InputError(msg("{field}: unknown key (accepted: {keys})",
                             field=Name(prefix + unknown[0]),
                             keys=Name(", ".join(sorted(declarations)))))
    values = {}
    for name, declaration in declarations.items():
        if name not in data:
            if declaration.default is MISSING and declaration.default_factory is MISSING:
                raise InputError(msg("{field}: missing (required)", field=Name(prefix + name)))
            continue
        values[name] = _convert(data[name], hints[name], declaration.metadata, prefix + name)
    return cls(**values)


def plain(value: Any) -> Any:
    """A declared dataclass as JSON-ready values; fields at their defaults are left out."""
    if is_dataclass(value) and not isinstance(value, type):
        return {item.name: plain(getattr(value, item.name)) for item in fields(value)
                if _differs_from_default(item, getattr(value, item.name))}
    if isinstance(value, tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value


def _differs_from_default(declaration: Any, value: Any) -> bool:
    if declaration.name in ("name", "kind"):
        return True
    if declaration.default is not MISSING:
        return bool(value != declaration.default)
    if declaration.default_factory is not MISSING:
        return bool(value != declaration.default_factory())
    return True


def versioned(document: Any, what: str, format_name: str, current: int,
              format_optional: bool = False) -> tuple[dict[str, Any], int]:
    """The body of a versioned document and its version, once its "format" and
    "format_version" are checked.

    Raises:
        InputError: not an object, another format, or a version missing or newer than
            `current`.
    """
    if not isinstance(document, dict):
        raise InputError(msg("a {what} file holds one JSON object", what=Term(what)))
    body = dict(document)
    if body.pop("format", format_name if format_optional else None) != format_name:
        raise InputError(msg("format: this is not an {format} file", format=Name(format_name)))
    version = body.pop("format_version", None)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InputError(msg("format_version: missing or not a whole number >= 1"))
    if version > current:
        raise InputError(msg("format_version: the file is version {version}, newer than this "
                             "program reads ({current}); update llmplan to open it",
                             version=Name(str(version)), current=Name(str(current))))
    return body, version


def load_document(path: str | Path, read: Callable[[Any], _T]) -> _T:
    """Read a JSON file and build it with `read`; errors name the file.

    Raises:
        InputError: the file cannot be read, is not UTF-8 JSON (NaN and Infinity refused), or
            `read` refuses it.
    """
    path = Path(path)
    try:
        text = read_bounded(path, MAX_DOCUMENT_BYTES, "JSON file").decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(msg("{file} is not UTF-8 text: {reason}", file=Name(str(path)),
                             reason=Name(error.reason))) from error
    document = json_document(text, str(path))
    try:
        return read(document)
    except InputError as error:
        raise InputError(msg("{field}: {problem}", field=Name(path.name),
                             problem=error.message)) from error
