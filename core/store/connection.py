"""An open database: a file on this computer (SQLite) or a team database on a PostgreSQL
server. How it is opened (created, upgraded after a backup copy, or checked), the transactions
every read and write runs in, who writes, settings, and backup copies of a file.

SQLite: WAL journal, foreign keys on, every write in one transaction that takes the write lock
first (BEGIN IMMEDIATE). PostgreSQL: every write transaction takes one advisory lock first, so
writers run one after another there too (core.store.server). Errors become a StoreError that
says what was not saved and why.
"""

import getpass
import os
import socket
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Self

from sqlalchemy import event, exc, inspect
from sqlmodel import Session, SQLModel, create_engine

from core.i18n.message import Count, Name, Text, msg
from core.store import files, server, tables

DAILY_BACKUPS_KEPT = 5


def os_user() -> str:
    """The login name of whoever runs llmplan, and the computer's name."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):  # no login name (a container without a passwd entry)
        name = "unknown"
    return f"{name}@{socket.gethostname() or 'localhost'}"


class Connection:
    """An open database file: created, upgraded or checked on open, with the transactions,
    settings and backups every part of the store uses.

    Raises (on open):
        StoreError: the file is damaged, not ours, from a newer version, or cannot be written.
    """

    def __init__(self, path: str | Path | None = None):
        location = files.locate(path)
        self.address = location if isinstance(location, server.Address) else None
        self.path = location if isinstance(location, Path) else None
        self.role = ""  # the database role on a server
        if self.address is not None:
            self.where = self.address.masked()
            self.engine = create_engine(self.address.engine_url(), pool_pre_ping=True,
                                        connect_args=server.connect_args())
        else:
            assert self.path is not None
            self.where = str(self.path)
            files.check_folder(self.path)
            self.engine = create_engine(f"sqlite:///{self.path}")
            event.listen(self.engine, "connect", files.on_connect)
            event.listen(self.engine, "begin", files.on_begin)
        self._writer = self.engine.execution_options(llmplan_write=True)
        try:
            self._open()
        except BaseException:
            self.engine.dispose()  # a refused database keeps no connection open
            raise

    def _open(self) -> None:
        """Check the database, then create, upgrade or (daily) back it up."""
        if self.address is not None:
            with self._guard(msg("opening the team database")), \
                    self.engine.connect() as connection:
                self.role = str(connection.exec_driver_sql("SELECT current_user").scalar())
                version = server.inspect_server(connection, self.address)
        else:
            assert self.path is not None
            version = files.inspect_file(self.path)
        self.author = os_user() + (f" (role {self.role})" if self.role else "")
        if version is None:
            self._create()
        elif version < tables.SCHEMA_VERSION:
            if self.path is not None:
                self.backup(f"before-schema-{tables.SCHEMA_VERSION}")
            self._migrate(version)
        else:
            self._daily_backup()

    @property
    def is_server(self) -> bool:
        return self.address is not None

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- transactions --

    @contextmanager
    def _guard(self, what: Text) -> Iterator[None]:
        try:
            yield
        except (exc.DBAPIError, sqlite3.DatabaseError) as error:
            if self.address is not None:
                raise server.translate(error, self.address, what, self.role) from None
            assert self.path is not None
            raise files.translate(error, self.path, what) from None

    @contextmanager
    def _writing(self, what: Text) -> Iterator[Session]:
        """A session whose work is committed whole, or not at all; one writer at a time."""
        with self._guard(what), Session(self._writer) as session, session.begin():
            if self.address is not None:
                server.take_write_lock(session.connection())
            yield session

    @contextmanager
    def _reading(self, what: Text) -> Iterator[Session]:
        with self._guard(what), Session(self.engine) as session:
            yield session

    def _stored_version(self, session: Session) -> int | None:
        """The schema version, read again under the write lock: another llmplan may have
        created or upgraded the database since it was opened."""
        if not inspect(session.connection()).has_table("meta"):
            return None
        row = session.get(tables.MetaRow, "schema_version")
        return int(row.value) if row else None

    def _create(self) -> None:
        with self._writing(msg("creating the database")) as session:
            if self._stored_version(session) is not None:
                return
            SQLModel.metadata.create_all(session.connection())
            session.add(tables.MetaRow(key="schema_version", value=str(tables.SCHEMA_VERSION)))
            session.add(tables.MetaRow(key="created", value=tables.now()))

    def _migrate(self, version: int) -> None:
        what = msg("upgrading the database from schema {version}", version=Count(version))
        with self._writing(what) as session:
            version = self._stored_version(session) or tables.SCHEMA_VERSION
            connection = session.connection()
            for step in range(version, tables.SCHEMA_VERSION):
                tables.MIGRATIONS[step](connection)
            SQLModel.metadata.create_all(connection)
            session.merge(tables.MetaRow(key="schema_version", value=str(tables.SCHEMA_VERSION)))

    # -- settings --

    def setting(self, key: str, default: str | None = None) -> str | None:
        with self._reading(msg("reading a setting")) as session:
            row = session.get(tables.MetaRow, f"setting:{key}")
            return row.value if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self._writing(msg("saving the setting {key}", key=Name(key))) as session:
            session.merge(tables.MetaRow(key=f"setting:{key}", value=value))

    def schema_version(self) -> int:
        with self._reading(msg("reading the schema version")) as session:
            row = session.get(tables.MetaRow, "schema_version")
            return int(row.value) if row else 0

    # -- backups --

    def backup_folder(self) -> Path:
        if self.path is None:
            raise files.StoreError(f"{self.where} is a team database: its server keeps the "
                                   "backups (pg_dump), not llmplan", "missing")
        return self.path.parent / "backups"

    def backup(self, reason: str = "manual") -> Path:
        """A consistent copy of the database file (SQLite's backup API), written atomically."""
        folder = self.backup_folder()
        assert self.path is not None
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
        target = folder / f"{self.path.stem}-{stamp}-{reason}.db"
        partial = target.with_suffix(".partial")
        try:
            folder.mkdir(exist_ok=True)
            source = sqlite3.connect(self.path)
            try:
                copy = sqlite3.connect(partial)
                try:
                    source.backup(copy)
                finally:
                    copy.close()
            finally:
                source.close()
            os.replace(partial, target)
        except (OSError, sqlite3.Error) as error:
            partial.unlink(missing_ok=True)
            raise files.translate(error, folder / target.name, "the backup") from None
        return target

    def _daily_backup(self) -> None:
        if self.path is None:
            return
        daily = sorted(self.backup_folder().glob(f"{self.path.stem}-*-daily.db"))
        newest = max((p.stat().st_mtime for p in daily), default=0.0)
        if datetime.now(UTC).timestamp() - newest < 24 * 3600:
            return
        try:
            daily.append(self.backup("daily"))
        except files.StoreError:
            return  # a failed daily copy must not keep the user from their data
        for old in daily[:-DAILY_BACKUPS_KEPT]:
            old.unlink(missing_ok=True)

    # -- price catalogs --
