"""Writing the files users keep (PDFs, scenarios, profiles, price exports): whole or not at
all, so an interrupted write never leaves half a file where a good one was."""

import json
import os
import stat
from pathlib import Path

from core.errors import InputError


def write_atomically(path: Path, content: str | bytes) -> None:
    """Write a file whole or not at all (a temporary file, then a rename); text as UTF-8.
    A symbolic link, a FIFO or a device at `path` is refused, never replaced.

    Raises:
        InputError: the file cannot be written.
    """
    try:
        existing = os.lstat(path)
    except FileNotFoundError:
        existing = None
    except OSError as error:
        raise InputError(f"cannot write {path}: {error.strerror or error}") from None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        kind = "a symbolic link" if stat.S_ISLNK(existing.st_mode) else \
            "a folder" if stat.S_ISDIR(existing.st_mode) else "not a regular file"
        raise InputError(f"cannot write {path}: it is {kind}; give the name of a file")
    partial = path.with_name(f".{path.name}.partial")
    try:
        with partial.open("wb") as out:
            out.write(content.encode("utf-8") if isinstance(content, str) else content)
            out.flush()
            os.fsync(out.fileno())  # on disk before the rename, so a power cut keeps one whole
        os.replace(partial, path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise InputError(f"cannot write {path}: {error.strerror or error}") from None


def read_bounded(path: Path, limit: int, what: str) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, its size checked before reading
    (a 3 GB file is refused without being read).

    Raises:
        InputError: the file cannot be read, is not a regular file, or is larger than `limit`.
    """
    try:
        with path.open("rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise InputError(f"{path} is not a regular file: give the path of a {what}")
            if info.st_size > limit:
                raise InputError(f"{path} is {info.st_size / 1e6:,.0f} MB; a {what} above "
                                 f"{limit / 1e6:,.0f} MB is not read")
            data = handle.read(limit + 1)
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}") from None
    if len(data) > limit:  # it grew while being read
        raise InputError(f"{path} is larger than {limit / 1e6:,.0f} MB; a {what} above that is "
                         "not read")
    return data


# Integers of more digits than any figure could have are read as floats (so 10^400 becomes
# infinity and is refused at its field) instead of overflowing or tripping Python's
# 4,300-digit limit on int() with an error no user could read.
_MAX_INT_DIGITS = 18


def _parse_int(text: str) -> int | float:
    return int(text) if len(text) <= _MAX_INT_DIGITS else float(text)


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number JSON allows")


def _unique_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """An object whose keys are all different: with a key twice JSON readers disagree on which
    value counts (Python takes the last), so neither is guessed."""
    result: dict[str, object] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"the key '{key[:80]}' appears twice in one object")
        result[key] = value
    return result


def json_document(text: str, name: str) -> object:
    """Parse JSON from outside: NaN and Infinity refused, very long integers made floats (then
    refused as beyond range where they are read), deep nesting and repeated keys refused.

    Raises:
        InputError: naming `name`, the position and what is wrong.
    """
    try:
        return json.loads(text, parse_int=_parse_int, parse_constant=_reject_constant,
                          object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as error:
        raise InputError(f"{name} is not valid JSON: {error.msg} at line {error.lineno}, "
                         f"column {error.colno}") from None
    except RecursionError:
        raise InputError(f"{name} is nested too deeply to be read") from None
    except ValueError as error:
        raise InputError(f"{name}: {error}") from None
