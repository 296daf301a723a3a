"""An open database file: how it is opened (created, upgraded after a backup copy, or checked),
the transactions every read and write runs in, settings, and backup copies.

WAL journal, foreign keys on, every write in one transaction that takes the write lock first
(BEGIN IMMEDIATE); SQLite errors become a StoreError that says what was not saved and why.
"""

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Self

from sqlalchemy import event, exc
from sqlmodel import Session, SQLModel, create_engine

from core.store import files, tables

DAILY_BACKUPS_KEPT = 5


class Connection:
    """An open database file: created, upgraded or checked on open, with the transactions,
    settings and backups every part of the store uses.

    Raises (on open):
        StoreError: the file is damaged, not ours, from a newer version, or cannot be written.
    """

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path).expanduser() if path else files.default_db_path()
        files.check_folder(self.path)
        version = files.inspect_file(self.path)
        self.engine = create_engine(f"sqlite:///{self.path}")
        event.listen(self.engine, "connect", files.on_connect)
        event.listen(self.engine, "begin", files.on_begin)
        self._writer = self.engine.execution_options(llmplan_write=True)
        if version is None:
            with self._writing("creating the database") as session:
                SQLModel.metadata.create_all(session.connection())
                session.add(tables.MetaRow(key="schema_version", value=str(tables.SCHEMA_VERSION)))
                session.add(tables.MetaRow(key="created", value=tables.now()))
        elif version < tables.SCHEMA_VERSION:
            self.backup(f"before-schema-{tables.SCHEMA_VERSION}")
            self._migrate(version)
        else:
            self._daily_backup()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- transactions --

    @contextmanager
    def _guard(self, what: str) -> Iterator[None]:
        try:
            yield
        except (exc.OperationalError, exc.DatabaseError, sqlite3.DatabaseError) as error:
            raise files.translate(error, self.path, what) from None

    @contextmanager
    def _writing(self, what: str) -> Iterator[Session]:
        """A session whose work is committed whole, or not at all."""
        with self._guard(what), Session(self._writer) as session, session.begin():
            yield session

    @contextmanager
    def _reading(self, what: str) -> Iterator[Session]:
        with self._guard(what), Session(self.engine) as session:
            yield session

    def _migrate(self, version: int) -> None:
        with self._writing(f"upgrading the database from schema {version}") as session:
            connection = session.connection()
            for step in range(version, tables.SCHEMA_VERSION):
                tables.MIGRATIONS[step](connection)
            SQLModel.metadata.create_all(connection)
            session.merge(tables.MetaRow(key="schema_version", value=str(tables.SCHEMA_VERSION)))

    # -- settings --

    def setting(self, key: str, default: str | None = None) -> str | None:
        with self._reading("reading a setting") as session:
            row = session.get(tables.MetaRow, f"setting:{key}")
            return row.value if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self._writing(f"saving the setting {key}") as session:
            session.merge(tables.MetaRow(key=f"setting:{key}", value=value))

    def schema_version(self) -> int:
        with self._reading("reading the schema version") as session:
            row = session.get(tables.MetaRow, "schema_version")
            return int(row.value) if row else 0

    # -- backups --

    def backup_folder(self) -> Path:
        return self.path.parent / "backups"

    def backup(self, reason: str = "manual") -> Path:
        """A consistent copy of the database (SQLite's backup API), written atomically."""
        folder = self.backup_folder()
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
