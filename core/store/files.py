"""The database file itself: where it lives, whether it is ours, the errors that say why it
cannot be used, the connection settings, and the way out when it cannot be opened (backups,
starting fresh, restoring the latest backup). Nothing here reads or writes a row.
"""

from __future__ import annotations

import os
import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs

from core.errors import InputError
from core.i18n.message import Text

if TYPE_CHECKING:
    import sqlalchemy

    from core.store.server import Address

ENV_DB = "LLMPLAN_DB"
SQLITE_HEADER = b"SQLite format 3\x00"


class StoreError(InputError):
    """The database cannot be used or changed; `kind` says why for the GUI to offer a way out:
    corrupt, newer, readonly, full, busy, conflict, missing or io."""

    def __init__(self, message: Text, kind: str = "io"):
        super().__init__(message)
        self.kind = kind


class ConflictError(StoreError):
    """A save would overwrite a newer save made elsewhere; nothing was written."""

    def __init__(self, message: Text):
        super().__init__(message, "conflict")


def default_db_path() -> Path:
    """This computer's database file: LLMPLAN_DB when it names a file, else llmplan.db in the
    user's data folder (also when LLMPLAN_DB names a team database: the file is where a laptop
    keeps working offline)."""
    configured = os.environ.get(ENV_DB, "").strip()
    if configured and not _is_url(configured):
        return Path(configured).expanduser()
    return Path(platformdirs.user_data_dir("llmplan", appauthor=False)) / "llmplan.db"


def locate(given: str | Path | None) -> Path | Address:
    """Where a database is: the file or team address given (--db), else LLMPLAN_DB, else the
    file in the user's data folder."""
    text = str(given).strip() if given else os.environ.get(ENV_DB, "").strip()
    from core.store.server import Address, is_server_url

    if text and is_server_url(text):
        return Address(text)
    return Path(text).expanduser() if text else default_db_path()


def _is_url(text: str) -> bool:
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", text))


# --- opening -------------------------------------------------------------------------------------


def recovery_hint(path: Path) -> str:
    return (f"It was left as it is. Start a new database (`llmplan store start-fresh --db "
            f"{path}`), restore the latest backup (`llmplan store restore-backup --db {path}`), "
            "or point --db / LLMPLAN_DB elsewhere.")


def inspect_file(path: Path) -> int | None:
    """The schema version of an existing database, None for a new or empty file.

    Raises:
        StoreError: not an SQLite file, damaged, not ours, or from a newer version.
    """
    try:
        if not path.exists() or path.stat().st_size == 0:
            return None
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise StoreError(f"cannot read {path}: {error.strerror or error}", "io") from None
    if header != SQLITE_HEADER:
        raise StoreError(f"{path} is not an llmplan database (not an SQLite file, or damaged). "
                         + recovery_hint(path), "corrupt")
    # Read-only, and without the -wal and -shm files SQLite would otherwise leave beside a
    # WAL database it may not write: a refused file is left exactly as it was, with nothing
    # new next to it. Where a -wal file exists (the database is in use, or a writer stopped
    # before checkpointing) it is read as usual, so no committed change is missed.
    immutable = "" if path.with_name(path.name + "-wal").exists() else "&immutable=1"
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro{immutable}", uri=True)
        try:
            check = connection.execute("PRAGMA quick_check").fetchone()
            names = {row[0] for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            version_row = (connection.execute(
                "SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
                if "meta" in names else None)
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise StoreError(f"{path} is damaged ({_one_line(error)}). " + recovery_hint(path),
                         "corrupt") from None
    if not check or check[0] != "ok":
        # quick_check reports over several lines ("*** in database main ***\nPage 12: ...")
        raise StoreError(f"{path} is damaged ({_one_line(check[0]) if check else 'no answer'}"
                         "). " + recovery_hint(path), "corrupt")
    if not names:
        return None
    if version_row is None:
        raise StoreError(f"{path} is an SQLite file, but not an llmplan database (tables: "
                         f"{', '.join(sorted(names)[:6])}). It was left as it is; choose "
                         "another file with --db.", "corrupt")
    text = str(version_row[0])
    if not (text.isascii() and text.isdigit()) or len(text) > _MAX_SCHEMA_DIGITS:
        # a 5,000-digit version was an 'internal error' (Python's int() digit limit)
        raise StoreError(f"{path} says its database schema is '{_one_line(text)[:20]}', which "
                         "no llmplan wrote: it was altered or damaged. " + recovery_hint(path),
                         "corrupt")
    version = int(text)
    from core.store import tables  # SQLModel loads only once a file is opened

    newest = tables.SCHEMA_VERSION
    if version < 1:  # versions start at 1; nothing migrates from 0
        raise StoreError(f"{path} says it has database schema {version}, which no llmplan "
                         "wrote (it starts at 1): it was altered or damaged. "
                         + recovery_hint(path), "corrupt")
    if version > newest:
        raise StoreError(f"{path} was written by a newer llmplan (database schema {version}; "
                         f"this version reads up to {newest}). It was left untouched; "
                         "update llmplan or choose another file with --db.", "newer")
    return version


# Schema versions count up from 1, one per release that changes the tables.
_MAX_SCHEMA_DIGITS = 6
# What SQLite says about a damaged file, as one line of at most this many characters.
_MAX_DETAIL = 300


def _one_line(detail: object) -> str:
    """An SQLite message (the integrity check's spans lines) as one line of bounded length."""
    text = " ".join(str(detail).split())
    return text if len(text) <= _MAX_DETAIL else text[:_MAX_DETAIL] + "…"


_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):/")


def check_folder(path: Path) -> None:
    """The database's place can hold an SQLite file (and its journals beside it).

    Raises:
        StoreError: a URL, something that is not a regular file, or a folder that cannot be
            made or written.
    """
    url = _URL.match(str(path))  # Path() folds "//" into "/": postgresql:/user:...
    if url:
        scheme = url.group(1)
        raise StoreError(f"'{scheme}://' is not a database llmplan opens: give a file path or "
                         "a team database as postgresql://USER@HOST/DATABASE (the address is "
                         "not shown: it may hold a password)", "readonly")
    if path.exists() and not path.is_file():
        what = "a folder" if path.is_dir() else "not a regular file (a device or a pipe)"
        raise StoreError(f"{path} is {what}: give the path of a database file with --db or "
                         "LLMPLAN_DB", "readonly")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"cannot create the folder {path.parent}: "
                         f"{error.strerror or error}; choose another place with --db",
                         "readonly") from None
    if not os.access(path.parent, os.W_OK | os.X_OK) or (
            path.exists() and not os.access(path, os.R_OK | os.W_OK)):
        raise StoreError(f"{path} cannot be written: the folder or the file is read-only. "
                         "Nothing was changed; fix the permissions or choose another place "
                         "with --db or LLMPLAN_DB.", "readonly")


def on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Transactions are begun explicitly (see on_begin), as SQLAlchemy's SQLite notes advise.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA busy_timeout = 10000")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.close()


def on_begin(connection: sqlalchemy.Connection) -> None:
    writing = connection.get_execution_options().get("llmplan_write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


def translate(error: Exception, path: Path, what: Text) -> StoreError:
    original = getattr(error, "orig", error)
    name = getattr(original, "sqlite_errorname", "") or ""
    message = str(original)
    if name == "SQLITE_FULL" or "full" in message:
        return StoreError(f"the disk is full: {what} was not saved and nothing was changed. "
                          f"Free space on {path.parent} and try again.", "full")
    if name.startswith("SQLITE_READONLY") or "readonly" in message:
        return StoreError(f"{path} is read-only: {what} was not saved. Fix the permissions or "
                          "choose another place with --db.", "readonly")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in message:
        return StoreError(f"another llmplan is writing {path}: {what} was not saved; try "
                          "again in a moment.", "busy")
    if name in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or "malformed" in message:
        return StoreError(f"{path} is damaged ({_one_line(message)}): {what} was not saved. "
                          + recovery_hint(path), "corrupt")
    return StoreError(f"{what} failed on {path}: {_one_line(message)}", "io")


# --- recovering a file that cannot be opened -----------------------------------------------------


def backups(path: str | Path) -> list[Path]:
    """Backup copies of a database, newest first."""
    path = Path(path)
    folder = path.parent / "backups"
    copies = [p for p in folder.glob(f"{path.stem}-*.db") if re.search(r"-\d{8}-\d{6}", p.name)]
    return sorted(copies, key=lambda p: p.name.split("-", 1)[1], reverse=True)


def move_aside(path: Path) -> Path | None:
    """Move a damaged database (and its journals) to `<name>.broken-<time>`, a name no earlier
    move used: two moves in the same second (or microsecond) never overwrite each other."""
    if not path.exists():
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    try:
        aside = _move_to_free_name(path, f"{path.name}.broken-{stamp}")
        for suffix in ("-wal", "-shm"):
            journal = path.with_name(path.name + suffix)
            if journal.exists():
                _move_to_free_name(journal, aside.name + suffix)
    except OSError as error:
        raise StoreError(f"cannot move {path} aside: {error.strerror or error}",
                         "readonly") from None
    return aside


def _move_to_free_name(path: Path, name: str) -> Path:
    """Move `path` to `name` in its folder, or to `name-2`, `name-3`… when that is taken; a
    hard link claims the name atomically, so a file that appears meanwhile is never replaced
    (where the file system has no hard links, the name is checked first)."""
    for attempt in range(1, 1000):
        target = path.with_name(name if attempt == 1 else f"{name}-{attempt}")
        try:
            os.link(path, target)
        except FileExistsError:
            continue
        except OSError:  # no hard links here (FAT, some network shares)
            if target.exists():
                continue
            os.replace(path, target)
            return target
        path.unlink()
        return target
    raise OSError(f"no free name for {name} after 999 tries")


def restore_latest_backup(path: str | Path) -> tuple[Path, Path | None]:
    """Put the newest readable backup in place of the database; the file it replaces is moved
    aside, never deleted. Returns (backup used, where the old file went).

    Raises:
        StoreError: no readable backup.
    """
    path = Path(path)
    for candidate in backups(path):
        try:
            inspect_file(candidate)
        except StoreError:
            continue
        aside = move_aside(path)
        try:
            partial = path.with_name(path.name + ".partial")
            partial.write_bytes(candidate.read_bytes())
            os.replace(partial, path)
        except OSError as error:
            raise StoreError(f"cannot restore {candidate.name}: {error.strerror or error}",
                             "io") from None
        return candidate, aside
    raise StoreError(f"no readable backup of {path} in {path.parent / 'backups'}", "missing")
