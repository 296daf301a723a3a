"""A team database on a PostgreSQL server (psycopg 3): its address with the password masked,
the connection settings, the lock every write takes, and the server's errors as messages that
say what was not saved and why.

Passwords are never kept by llmplan: libpq reads them from ~/.pgpass (PGPASSFILE) or a service
file (PGSERVICEFILE, `?service=NAME`); TLS is libpq's too (`?sslmode=verify-full&sslrootcert=`).
An address that holds a password is accepted for one run (`--db`, LLMPLAN_DB) but never written
to a settings file, and shown everywhere with the password as ***.

References: libpq connection strings and the password file
(https://www.postgresql.org/docs/15/libpq-connect.html, libpq-pgpass.html), SQLSTATE codes
(https://www.postgresql.org/docs/15/errcodes-appendix.html), advisory locks
(https://www.postgresql.org/docs/15/explicit-locking.html#ADVISORY-LOCKS).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.i18n.message import Arg, Count, Name, Text, msg
from core.store.files import StoreError

if TYPE_CHECKING:
    import sqlalchemy

SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
# How long a connection attempt, a statement and a wait for the write lock may take (seconds).
CONNECT_TIMEOUT_S = 10
STATEMENT_TIMEOUT_S = 30
LOCK_TIMEOUT_S = 10
# The key of the advisory lock every write transaction takes first, so writes run one after
# another as on SQLite (BEGIN IMMEDIATE): 'llmp' in ASCII.
WRITE_LOCK = 0x6C6C6D70

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def is_server_url(text: str) -> bool:
    match = _SCHEME.match(text.strip())
    return match is not None and match.group(1).lower() in SCHEMES


@dataclass(frozen=True)
class Address:
    """A PostgreSQL address as given (`postgresql://user@host:port/db?sslmode=...`)."""

    url: str

    @property
    def _parsed(self) -> sqlalchemy.URL:
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            return make_url(self.url.strip())
        except (ArgumentError, ValueError):
            raise StoreError(msg("the team database address cannot be read; write it as "
                                 "postgresql://USER@HOST:PORT/DATABASE (the address is not "
                                 "shown: it may hold a password)"), "missing") from None

    @property
    def has_password(self) -> bool:
        return bool(self._parsed.password)

    @property
    def user(self) -> str:
        return self._parsed.username or ""

    def masked(self) -> str:
        """The address with its password as *** (for the window, messages and logs), its
        options readable (sslrootcert=/etc/ssl/ca.pem, not %2Fetc%2Fssl...)."""
        from urllib.parse import unquote

        return unquote(self._parsed.set(drivername=self._parsed.drivername.split("+")[0])
                       .render_as_string(hide_password=True))

    def engine_url(self) -> sqlalchemy.URL:
        return self._parsed.set(drivername="postgresql+psycopg")

    def __str__(self) -> str:
        return self.masked()


def refuse_password(text: str, where: str) -> None:
    """A team address with a password is not kept in `where` (a settings file).

    Raises:
        StoreError: the address holds a password.
    """
    if is_server_url(text) and Address(text).has_password:
        raise StoreError(msg("the team database address holds a password, which is not kept "
                             "in {where}. Remove it from the address and put it in ~/.pgpass "
                             "(PGPASSFILE) or a PostgreSQL service file (?service=NAME).",
                             where=Name(where)), "denied")


def connect_args() -> dict[str, Any]:
    """libpq options every connection gets: bounded waits, and its name in pg_stat_activity."""
    milliseconds = (f"-c statement_timeout={STATEMENT_TIMEOUT_S * 1000} "
                    f"-c lock_timeout={LOCK_TIMEOUT_S * 1000}")
    return {"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "llmplan",
            "options": milliseconds}


def inspect_server(connection: sqlalchemy.Connection, address: Address) -> int | None:
    """The schema version of a team database, None when it holds no tables yet.

    Raises:
        StoreError: tables of something else, or a schema from a newer llmplan.
    """
    from sqlalchemy import inspect

    from core.store import tables

    names = set(inspect(connection).get_table_names())
    if not names:
        return None
    if "meta" not in names:
        raise StoreError(msg("{address} holds tables, but is not an llmplan database (tables: "
                             "{tables}). It was left as it is; use another database.",
                             address=Name(str(address)),
                             tables=Name(", ".join(sorted(names)[:6]))), "corrupt")
    row = connection.exec_driver_sql(
        "SELECT value FROM meta WHERE key = 'schema_version'").first()
    text = str(row[0]) if row else ""
    if not (text.isascii() and text.isdigit()) or not 1 <= len(text) <= 6 or int(text) < 1:
        raise StoreError(msg("{address} says its database schema is '{schema}', which no "
                             "llmplan wrote: it was altered or damaged. It was left as it is.",
                             address=Name(str(address)), schema=Name(text[:20])), "corrupt")
    version = int(text)
    if version > tables.SCHEMA_VERSION:
        raise StoreError(msg("{address} was written by a newer llmplan (database schema "
                             "{version}; this version reads up to {newest}). It was left "
                             "untouched; update llmplan.", address=Name(str(address)),
                             version=Count(version), newest=Count(tables.SCHEMA_VERSION)),
                         "newer")
    return version


def take_write_lock(connection: sqlalchemy.Connection) -> None:
    """Writers wait for one another (up to LOCK_TIMEOUT_S), as on SQLite; the lock ends with
    the transaction."""
    connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    line = " ".join(text[0].split()) if text else type(error).__name__
    return line if len(line) <= 300 else line[:300] + "…"


def translate(error: Exception, address: Address, what: Text, role: str) -> StoreError:
    """A psycopg (or SQLAlchemy) error as a message naming the server, the role and what was
    not saved. The SQLSTATE decides; a transaction that failed is rolled back by the server,
    so nothing of it was kept."""
    original = getattr(error, "orig", None) or error
    state = str(getattr(original, "sqlstate", "") or "")
    detail = _first_line(original)
    said: dict[str, Arg] = {"address": Name(str(address)), "what": what,
                           "detail": Name(detail)}
    if state == "42501":
        return StoreError(msg("the database role '{role}' may not change this on {address}: "
                              "{what} was not done (permission denied). The team's catalog "
                              "maintainer can; or work on this computer's file and sync later.",
                              role=Name(role or "?"), **said), "denied")
    # A refused connection carries no SQLSTATE in psycopg: the server's words tell.
    if state in ("28P01", "28000") or any(words in detail for words in (
            "authentication failed", "no password supplied", "role \"")):
        return StoreError(msg("{address} refused the login ({detail}). Put the password in "
                              "~/.pgpass (PGPASSFILE) or a service file; llmplan keeps none.",
                              **said), "denied")
    if state == "57014":
        return StoreError(msg("{address} did not answer within {seconds} s: {what} was not "
                              "saved and nothing was changed; try again later.",
                              seconds=Count(STATEMENT_TIMEOUT_S), **said), "busy")
    if state == "55P03":
        return StoreError(msg("another llmplan is writing {address}: {what} was not saved; try "
                              "again in a moment.", **said), "busy")
    if state == "53100":
        return StoreError(msg("the server of {address} is out of disk space: {what} was not "
                              "saved and nothing was changed.", **said), "full")
    if state == "3D000" or ("database \"" in detail and "does not exist" in detail):
        return StoreError(msg("{address}: no such database ({detail}). Ask the administrator "
                              "to create it.", **said), "missing")
    if state.startswith("08") or state.startswith("57P") or not state:
        return StoreError(msg("cannot reach the team database {address} ({detail}): {what} "
                              "was not done and nothing was changed there. The local file "
                              "still works; sync when the server is back.", **said), "offline")
    return StoreError(msg("{what} failed on {address}: {detail}", **said), "io")
