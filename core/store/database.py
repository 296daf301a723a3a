"""The local database: saved scenarios with their history, price catalog versions and hardware
profiles, in one SQLite file (SQLModel).

One file in the user's data folder, or the path given with --db or LLMPLAN_DB. WAL journal,
foreign keys on, every write in one transaction that takes the write lock first (BEGIN
IMMEDIATE). A second window or process on the same file is told when it would overwrite a
newer save (each scenario save names the revision it started from). Schema migrations run on
open after a backup copy; a file from a newer version, a damaged file or a file that is not
ours is refused and left as it is.
"""

import json
import os
import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import platformdirs
import sqlalchemy
from sqlalchemy import UniqueConstraint, event, exc, insert
from sqlmodel import Field, Session, SQLModel, col, create_engine, select

from core.costing.scenario import Scenario, scenario_from_dict, scenario_to_dict
from core.errors import InputError
from core.pricing.catalog import (
    ApiPrice,
    Change,
    CloudInstance,
    PriceCatalog,
    PriceRange,
    default_catalog,
    diff_catalogs,
    merge_catalogs,
)
from core.pricing.importers import ImportResult

SCHEMA_VERSION = 1
ENV_DB = "LLMPLAN_DB"
DAILY_BACKUPS_KEPT = 5
SQLITE_HEADER = b"SQLite format 3\x00"
BUNDLED_ORIGIN = "bundled catalog (resources/catalog/prices.json)"


class StoreError(InputError):
    """The database cannot be used or changed; `kind` says why for the GUI to offer a way out:
    corrupt, newer, readonly, full, busy, conflict, missing or io."""

    def __init__(self, message: str, kind: str = "io"):
        super().__init__(message)
        self.kind = kind


class ConflictError(StoreError):
    """A save would overwrite a newer save made elsewhere; nothing was written."""

    def __init__(self, message: str):
        super().__init__(message, "conflict")


def default_db_path() -> Path:
    """LLMPLAN_DB when set, else llmplan.db in the user's data folder."""
    configured = os.environ.get(ENV_DB, "").strip()
    if configured:
        return Path(configured).expanduser()
    return Path(platformdirs.user_data_dir("llmplan", appauthor=False)) / "llmplan.db"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# --- tables --------------------------------------------------------------------------------------


class MetaRow(SQLModel, table=True):
    __tablename__ = "meta"
    key: str = Field(primary_key=True)
    value: str


class CatalogVersionRow(SQLModel, table=True):
    __tablename__ = "catalog_version"
    id: int | None = Field(default=None, primary_key=True)
    created: str
    origin: str
    retrieved: str
    note: str = ""


class ExchangeRateRow(SQLModel, table=True):
    __tablename__ = "exchange_rate"
    id: int | None = Field(default=None, primary_key=True)
    catalog_id: int = Field(foreign_key="catalog_version.id", ondelete="CASCADE", index=True)
    currency: str
    per_eur: float
    source: str
    price_date: str


class ApiPriceRow(SQLModel, table=True):
    __tablename__ = "api_price"
    id: int | None = Field(default=None, primary_key=True)
    catalog_id: int = Field(foreign_key="catalog_version.id", ondelete="CASCADE", index=True)
    key: str
    provider: str
    model: str
    price_in_per_m: float | None
    price_out_per_m: float | None
    price_cached_in_per_m: float | None
    batch_discount: float | None
    training_price_per_m: float | None
    currency: str
    source: str
    price_date: str


class CloudPriceRow(SQLModel, table=True):
    __tablename__ = "cloud_price"
    id: int | None = Field(default=None, primary_key=True)
    catalog_id: int = Field(foreign_key="catalog_version.id", ondelete="CASCADE", index=True)
    key: str
    provider: str
    name: str
    gpu: str
    gpus: int
    price_per_hour: float | None
    currency: str
    region: str
    source: str
    price_date: str


class _RangeColumns(SQLModel):
    """The columns of a price known as a range (core.pricing.catalog.PriceRange)."""

    id: int | None = Field(default=None, primary_key=True)
    catalog_id: int = Field(foreign_key="catalog_version.id", ondelete="CASCADE", index=True)
    key: str
    label: str
    low: float
    high: float
    unit: str
    currency: str
    source: str
    price_date: str
    gpu: str | None = None
    gpus: int | None = None


class HardwarePriceRow(_RangeColumns, table=True):
    __tablename__ = "hardware_price"


class EnergyPriceRow(_RangeColumns, table=True):
    __tablename__ = "energy_price"


class ScenarioRow(SQLModel, table=True):
    __tablename__ = "scenario"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    created: str
    updated: str
    revision: int
    catalog_id: int | None = Field(default=None, foreign_key="catalog_version.id")


class ScenarioRevisionRow(SQLModel, table=True):
    __tablename__ = "scenario_revision"
    __table_args__ = (UniqueConstraint("scenario_id", "revision"),)
    id: int | None = Field(default=None, primary_key=True)
    scenario_id: int = Field(foreign_key="scenario.id", ondelete="CASCADE", index=True)
    revision: int
    saved_at: str
    catalog_id: int | None = Field(default=None, foreign_key="catalog_version.id")
    document: str
    note: str = ""


class HardwareProfileRow(SQLModel, table=True):
    __tablename__ = "hardware_profile"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    host: str
    taken_at: str
    saved_at: str
    document: str


# Schema migrations: MIGRATIONS[n] turns a version-n database into version n + 1, inside the
# transaction that also records the new version.
MIGRATIONS: dict[int, Callable[[sqlalchemy.Connection], object]] = {}


# --- what the store returns ----------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogVersion:
    version: int
    created: str
    origin: str
    retrieved: str
    note: str


@dataclass(frozen=True)
class ScenarioInfo:
    name: str
    revision: int
    created: str
    updated: str
    catalog_version: int | None


@dataclass(frozen=True)
class RevisionInfo:
    revision: int
    saved_at: str
    catalog_version: int | None
    note: str


@dataclass(frozen=True)
class StoredScenario:
    info: ScenarioInfo
    revision: int  # the revision loaded (the latest unless asked otherwise)
    catalog_version: int | None
    scenario: Scenario


@dataclass(frozen=True)
class ImportOutcome:
    version: CatalogVersion | None  # None: nothing changed, no version added
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class ProfileInfo:
    name: str
    host: str
    taken_at: str
    saved_at: str


# --- opening -------------------------------------------------------------------------------------


def _recovery_hint(path: Path) -> str:
    return (f"It was left as it is. Start a new database (`llmplan store start-fresh --db "
            f"{path}`), restore the latest backup (`llmplan store restore-backup --db {path}`), "
            "or point --db / LLMPLAN_DB elsewhere.")


def _inspect(path: Path) -> int | None:
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
                         + _recovery_hint(path), "corrupt")
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            check = connection.execute("PRAGMA quick_check").fetchone()
            tables = {row[0] for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            version_row = (connection.execute(
                "SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
                if "meta" in tables else None)
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise StoreError(f"{path} is damaged ({error}). " + _recovery_hint(path),
                         "corrupt") from None
    if not check or check[0] != "ok":
        raise StoreError(f"{path} is damaged ({check[0] if check else 'no answer'}). "
                         + _recovery_hint(path), "corrupt")
    if not tables:
        return None
    if version_row is None or not str(version_row[0]).isdigit():
        raise StoreError(f"{path} is an SQLite file, but not an llmplan database (tables: "
                         f"{', '.join(sorted(tables)[:6])}). It was left as it is; choose "
                         "another file with --db.", "corrupt")
    version = int(version_row[0])
    if version > SCHEMA_VERSION:
        raise StoreError(f"{path} was written by a newer llmplan (database schema {version}; "
                         f"this version reads up to {SCHEMA_VERSION}). It was left untouched; "
                         "update llmplan or choose another file with --db.", "newer")
    return version


def _check_folder(path: Path) -> None:
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


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Transactions are begun explicitly (see _on_begin), as SQLAlchemy's SQLite notes advise.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA busy_timeout = 10000")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.close()


def _on_begin(connection: sqlalchemy.Connection) -> None:
    writing = connection.get_execution_options().get("llmplan_write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


def _translate(error: Exception, path: Path, what: str) -> StoreError:
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
        return StoreError(f"{path} is damaged ({message}): {what} was not saved. "
                          + _recovery_hint(path), "corrupt")
    return StoreError(f"{what} failed on {path}: {message}", "io")


class Store:
    """One llmplan database file.

    Raises (on open):
        StoreError: the file is damaged, not ours, from a newer version, or cannot be written.
    """

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path).expanduser() if path else default_db_path()
        _check_folder(self.path)
        version = _inspect(self.path)
        self.engine = create_engine(f"sqlite:///{self.path}")
        event.listen(self.engine, "connect", _on_connect)
        event.listen(self.engine, "begin", _on_begin)
        self._writer = self.engine.execution_options(llmplan_write=True)
        self._catalogs: dict[int, PriceCatalog] = {}
        if version is None:
            with self._writing("creating the database") as session:
                SQLModel.metadata.create_all(session.connection())
                session.add(MetaRow(key="schema_version", value=str(SCHEMA_VERSION)))
                session.add(MetaRow(key="created", value=_now()))
        elif version < SCHEMA_VERSION:
            self.backup(f"before-schema-{SCHEMA_VERSION}")
            self._migrate(version)
        else:
            self._daily_backup()
        self._seed_bundled()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- transactions --

    @contextmanager
    def _guard(self, what: str) -> Iterator[None]:
        try:
            yield
        except (exc.OperationalError, exc.DatabaseError, sqlite3.DatabaseError) as error:
            raise _translate(error, self.path, what) from None

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
            for step in range(version, SCHEMA_VERSION):
                MIGRATIONS[step](connection)
            SQLModel.metadata.create_all(connection)
            session.merge(MetaRow(key="schema_version", value=str(SCHEMA_VERSION)))

    # -- settings --

    def setting(self, key: str, default: str | None = None) -> str | None:
        with self._reading("reading a setting") as session:
            row = session.get(MetaRow, f"setting:{key}")
            return row.value if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self._writing(f"saving the setting {key}") as session:
            session.merge(MetaRow(key=f"setting:{key}", value=value))

    def schema_version(self) -> int:
        with self._reading("reading the schema version") as session:
            row = session.get(MetaRow, "schema_version")
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
            raise _translate(error, folder / target.name, "the backup") from None
        return target

    def _daily_backup(self) -> None:
        daily = sorted(self.backup_folder().glob(f"{self.path.stem}-*-daily.db"))
        newest = max((p.stat().st_mtime for p in daily), default=0.0)
        if datetime.now(UTC).timestamp() - newest < 24 * 3600:
            return
        try:
            daily.append(self.backup("daily"))
        except StoreError:
            return  # a failed daily copy must not keep the user from their data
        for old in daily[:-DAILY_BACKUPS_KEPT]:
            old.unlink(missing_ok=True)

    # -- price catalogs --

    def _seed_bundled(self) -> None:
        """Add the bundled catalog when this database has not seen this edition of it."""
        bundled = default_catalog()
        with self._reading("reading the catalog") as session:
            seen = session.get(MetaRow, "bundled_catalog")
        if seen is not None and seen.value == bundled.retrieved:
            return
        versions = self.catalog_versions()
        catalog = merge_catalogs(self.catalog(), bundled) if versions else bundled
        self.add_catalog(catalog, BUNDLED_ORIGIN + f", retrieved {bundled.retrieved}",
                         meta={"bundled_catalog": bundled.retrieved})

    def catalog_versions(self) -> list[CatalogVersion]:
        with self._reading("listing catalog versions") as session:
            rows = session.exec(select(CatalogVersionRow).order_by(col(CatalogVersionRow.id)))
            return [CatalogVersion(r.id or 0, r.created, r.origin, r.retrieved, r.note)
                    for r in rows]

    def latest_catalog_version(self) -> int:
        versions = self.catalog_versions()
        if not versions:
            raise StoreError(f"{self.path} holds no price catalog", "missing")
        return versions[-1].version

    def catalog(self, version: int | None = None) -> PriceCatalog:
        """One version of the price catalog (the latest by default).

        Raises:
            StoreError: no such version.
        """
        number = version if version is not None else self.latest_catalog_version()
        if number in self._catalogs:
            return self._catalogs[number]
        with self._reading(f"reading catalog version {number}") as session:
            head = session.get(CatalogVersionRow, number)
            if head is None:
                known = ", ".join(str(v.version) for v in self.catalog_versions())
                raise StoreError(f"no catalog version {number} (versions: {known or 'none'})",
                                 "missing")
            rates = session.exec(select(ExchangeRateRow).where(
                ExchangeRateRow.catalog_id == number).order_by(col(ExchangeRateRow.id))).all()
            api = session.exec(select(ApiPriceRow).where(
                ApiPriceRow.catalog_id == number).order_by(col(ApiPriceRow.id))).all()
            cloud = session.exec(select(CloudPriceRow).where(
                CloudPriceRow.catalog_id == number).order_by(col(CloudPriceRow.id))).all()
            energy = session.exec(select(EnergyPriceRow).where(
                EnergyPriceRow.catalog_id == number).order_by(col(EnergyPriceRow.id))).all()
            hardware = session.exec(select(HardwarePriceRow).where(
                HardwarePriceRow.catalog_id == number).order_by(col(HardwarePriceRow.id))).all()
            catalog = PriceCatalog(
                retrieved=head.retrieved,
                rates={r.currency: r.per_eur for r in rates},
                rates_source=rates[0].source if rates else "",
                rates_date=rates[0].price_date if rates else "",
                cloud=tuple(CloudInstance(r.key, r.provider, r.name, r.gpu, r.gpus,
                                          r.price_per_hour, r.currency, r.region, r.source,
                                          r.price_date) for r in cloud),
                api=tuple(ApiPrice(r.key, r.provider, r.model, r.price_in_per_m,
                                   r.price_out_per_m, r.price_cached_in_per_m, r.batch_discount,
                                   r.training_price_per_m, r.currency, r.source, r.price_date)
                          for r in api),
                energy=tuple(_range(r) for r in energy),
                hardware=tuple(_range(r) for r in hardware))
        self._catalogs[number] = catalog
        return catalog

    def add_catalog(self, catalog: PriceCatalog, origin: str, note: str = "",
                    meta: dict[str, str] | None = None) -> CatalogVersion:
        """Store `catalog` as a new version, whole or not at all."""
        with self._writing("saving the price catalog") as session:
            head = CatalogVersionRow(created=_now(), origin=origin,
                                     retrieved=catalog.retrieved, note=note)
            session.add(head)
            session.flush()
            number = head.id
            connection = session.connection()
            if catalog.rates:
                connection.execute(insert(ExchangeRateRow), [
                    {"catalog_id": number, "currency": currency, "per_eur": rate,
                     "source": catalog.rates_source, "price_date": catalog.rates_date}
                    for currency, rate in catalog.rates.items()])
            for table, rows in ((ApiPriceRow, catalog.api), (CloudPriceRow, catalog.cloud),
                                (EnergyPriceRow, catalog.energy),
                                (HardwarePriceRow, catalog.hardware)):
                if rows:
                    connection.execute(insert(table), [
                        {"catalog_id": number, "key": row.id,
                         **{k: v for k, v in row.__dict__.items() if k != "id"}}
                        for row in rows])
            for key, value in (meta or {}).items():
                session.merge(MetaRow(key=key, value=value))
            version = CatalogVersion(number or 0, head.created, origin, catalog.retrieved, note)
        self._catalogs[version.version] = catalog
        return version

    def import_prices(self, result: ImportResult, dry_run: bool = False) -> ImportOutcome:
        """Add what an import holds as a new catalog version (the latest plus the file's rows).
        Nothing changes when the file adds or changes no price, or with dry_run (the changes
        are still returned)."""
        base = self.catalog()
        merged = merge_catalogs(base, result.catalog)
        changes = diff_catalogs(base, merged)
        if not changes or dry_run:
            return ImportOutcome(None, changes)
        note = (f"{result.taken:,} rows taken, {len(result.skipped):,} skipped; "
                f"{len(changes):,} changes")
        version = self.add_catalog(merged, f"import of {result.origin} ({result.format})", note)
        return ImportOutcome(version, changes)

    # -- scenarios --

    def scenarios(self) -> list[ScenarioInfo]:
        with self._reading("listing scenarios") as session:
            rows = session.exec(select(ScenarioRow).order_by(col(ScenarioRow.name)))
            return [_info(row) for row in rows]

    def _row(self, session: Session, name: str) -> ScenarioRow | None:
        return session.exec(select(ScenarioRow).where(ScenarioRow.name == name)).first()

    def save_scenario(self, scenario: Scenario, base_revision: int | None, *,
                      name: str | None = None, catalog_version: int | None = None,
                      note: str = "") -> ScenarioInfo:
        """Save a scenario as a new revision.

        `base_revision` is the revision the edit started from (None for a new scenario). When
        the stored scenario has moved on since, nothing is written and ConflictError says who
        saved when. A new scenario is computed with the latest catalog unless told otherwise.

        Raises:
            ConflictError: a newer revision exists, or a new scenario's name is taken.
            StoreError: the database cannot be written.
        """
        name = (name or scenario.name).strip()
        if not name:
            raise InputError("a scenario needs a name")
        document = json.dumps(scenario_to_dict(scenario), ensure_ascii=False)
        if catalog_version is not None:
            self.catalog(catalog_version)  # raises for an unknown version
        now = _now()
        with self._writing(f"saving scenario '{name}'") as session:
            row = self._row(session, name)
            if row is None:
                if base_revision is not None:
                    raise ConflictError(
                        f"scenario '{name}' was deleted or renamed elsewhere since revision "
                        f"{base_revision} was opened; nothing was saved. Save it under a name.")
                latest = session.exec(select(CatalogVersionRow.id).order_by(
                    col(CatalogVersionRow.id).desc())).first()
                row = ScenarioRow(name=name, created=now, updated=now, revision=1,
                                  catalog_id=catalog_version or latest)
                session.add(row)
                session.flush()
            else:
                if base_revision is None:
                    raise ConflictError(
                        f"a scenario named '{name}' exists (revision {row.revision}, saved "
                        f"{row.updated}); nothing was saved. Open it, or choose another name.")
                if row.revision != base_revision:
                    raise ConflictError(
                        f"scenario '{name}' was saved elsewhere at {row.updated} (revision "
                        f"{row.revision}) after revision {base_revision} was opened; your "
                        "changes were not saved. Reload it, or save yours under another name.")
                last = session.exec(select(ScenarioRevisionRow.document).where(
                    ScenarioRevisionRow.scenario_id == row.id,
                    ScenarioRevisionRow.revision == row.revision)).first()
                if last == document and catalog_version in (None, row.catalog_id):
                    return _info(row)
                row.revision += 1
                row.updated = now
                if catalog_version is not None:
                    row.catalog_id = catalog_version
                session.add(row)
            assert row.id is not None
            session.add(ScenarioRevisionRow(scenario_id=row.id, revision=row.revision,
                                            saved_at=now, catalog_id=row.catalog_id,
                                            document=document, note=note))
            session.flush()
            return _info(row)

    def load_scenario(self, name: str, revision: int | None = None) -> StoredScenario:
        """A saved scenario, the latest revision unless asked otherwise.

        Raises:
            StoreError: no such scenario or revision, or a revision that cannot be read.
        """
        with self._reading(f"reading scenario '{name}'") as session:
            row = self._row(session, name)
            if row is None:
                raise StoreError(f"no scenario named '{name}' in {self.path} "
                                 "(`llmplan scenario list`)", "missing")
            wanted = revision or row.revision
            stored = session.exec(select(ScenarioRevisionRow).where(
                ScenarioRevisionRow.scenario_id == row.id,
                ScenarioRevisionRow.revision == wanted)).first()
            if stored is None:
                raise StoreError(f"scenario '{name}' has no revision {wanted} (revisions "
                                 f"1-{row.revision})", "missing")
            info = _info(row)
            document, catalog_id = stored.document, stored.catalog_id
        try:
            scenario = scenario_from_dict(json.loads(document))
        except (InputError, ValueError) as error:
            raise StoreError(f"scenario '{name}' revision {wanted} cannot be read: {error}",
                             "corrupt") from None
        catalog = catalog_id if revision else info.catalog_version
        return StoredScenario(info, wanted, catalog, scenario)

    def revisions(self, name: str) -> list[RevisionInfo]:
        with self._reading(f"reading the history of '{name}'") as session:
            row = self._row(session, name)
            if row is None:
                raise StoreError(f"no scenario named '{name}'", "missing")
            rows = session.exec(select(ScenarioRevisionRow).where(
                ScenarioRevisionRow.scenario_id == row.id).order_by(
                col(ScenarioRevisionRow.revision)))
            return [RevisionInfo(r.revision, r.saved_at, r.catalog_id, r.note) for r in rows]

    def restore_revision(self, name: str, revision: int, base_revision: int) -> ScenarioInfo:
        """Make an old revision the newest one again; the history in between is kept."""
        old = self.load_scenario(name, revision)
        return self.save_scenario(old.scenario, base_revision, name=name,
                                  note=f"restored revision {revision}")

    def move_scenario_catalog(self, name: str, version: int | None = None) -> ScenarioInfo:
        """Compute a scenario with another catalog version (the latest by default)."""
        stored = self.load_scenario(name)
        target = version if version is not None else self.latest_catalog_version()
        return self.save_scenario(stored.scenario, stored.info.revision, name=name,
                                  catalog_version=target,
                                  note=f"moved to catalog version {target}")

    def rename_scenario(self, name: str, new_name: str, base_revision: int) -> ScenarioInfo:
        """Give a saved scenario another name; its history moves with it and a new revision
        records the rename.

        Raises:
            ConflictError: the new name is taken, or the scenario moved on since base_revision.
            StoreError: no such scenario.
        """
        new_name = new_name.strip()
        if not new_name or "/" in new_name:
            raise InputError("a scenario name must be non-empty and without '/'")
        stored = self.load_scenario(name)
        if stored.info.revision != base_revision:
            raise ConflictError(f"scenario '{name}' was saved elsewhere (revision "
                                f"{stored.info.revision}); reload it before renaming")
        with self._writing(f"renaming scenario '{name}'") as session:
            if new_name != name and self._row(session, new_name) is not None:
                raise ConflictError(f"a scenario named '{new_name}' exists; nothing was renamed")
            row = self._row(session, name)
            assert row is not None
            row.name = new_name
            session.add(row)
        return self.save_scenario(replace(stored.scenario, name=new_name), base_revision,
                                  name=new_name, note=f"renamed from '{name}'")

    def delete_scenario(self, name: str) -> None:
        with self._writing(f"deleting scenario '{name}'") as session:
            row = self._row(session, name)
            if row is None:
                raise StoreError(f"no scenario named '{name}'", "missing")
            session.delete(row)

    # -- hardware profiles --

    def save_profile(self, name: str, document: dict[str, Any], host: str, taken_at: str,
                     replace: bool = False) -> ProfileInfo:
        """Keep a probe result. An existing name is replaced only when asked.

        Raises:
            ConflictError: the name is taken and replace is False.
        """
        text = json.dumps(document, ensure_ascii=False)
        now = _now()
        with self._writing(f"saving hardware profile '{name}'") as session:
            row = session.exec(select(HardwareProfileRow).where(
                HardwareProfileRow.name == name)).first()
            if row is not None and not replace:
                raise ConflictError(f"a hardware profile named '{name}' exists (taken "
                                    f"{row.taken_at} on {row.host}); nothing was saved")
            row = row or HardwareProfileRow(name=name, host=host, taken_at=taken_at,
                                            saved_at=now, document=text)
            row.host, row.taken_at, row.saved_at, row.document = host, taken_at, now, text
            session.add(row)
        return ProfileInfo(name, host, taken_at, now)

    def profiles(self) -> list[ProfileInfo]:
        with self._reading("listing hardware profiles") as session:
            rows = session.exec(select(HardwareProfileRow).order_by(
                col(HardwareProfileRow.name)))
            return [ProfileInfo(r.name, r.host, r.taken_at, r.saved_at) for r in rows]

    def load_profile(self, name: str) -> dict[str, Any]:
        with self._reading(f"reading hardware profile '{name}'") as session:
            row = session.exec(select(HardwareProfileRow).where(
                HardwareProfileRow.name == name)).first()
            if row is None:
                raise StoreError(f"no hardware profile named '{name}'", "missing")
            result: dict[str, Any] = json.loads(row.document)
            return result

    def delete_profile(self, name: str) -> None:
        """Remove a saved hardware profile.

        Raises:
            StoreError: no profile has that name.
        """
        with self._writing(f"deleting hardware profile '{name}'") as session:
            row = session.exec(select(HardwareProfileRow).where(
                HardwareProfileRow.name == name)).first()
            if row is None:
                raise StoreError(f"no hardware profile named '{name}'", "missing")
            session.delete(row)


def _range(row: _RangeColumns) -> PriceRange:
    return PriceRange(row.key, row.label, row.low, row.high, row.unit, row.currency, row.source,
                      row.price_date, row.gpu, row.gpus)


def _info(row: ScenarioRow) -> ScenarioInfo:
    return ScenarioInfo(row.name, row.revision, row.created, row.updated, row.catalog_id)


# --- recovering a file that cannot be opened -----------------------------------------------------


def backups(path: str | Path) -> list[Path]:
    """Backup copies of a database, newest first."""
    path = Path(path)
    folder = path.parent / "backups"
    copies = [p for p in folder.glob(f"{path.stem}-*.db") if re.search(r"-\d{8}-\d{6}", p.name)]
    return sorted(copies, key=lambda p: p.name.split("-", 1)[1], reverse=True)


def _move_aside(path: Path) -> Path | None:
    if not path.exists():
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.broken-{stamp}")
    try:
        os.replace(path, aside)
        for suffix in ("-wal", "-shm"):
            journal = path.with_name(path.name + suffix)
            if journal.exists():
                os.replace(journal, aside.with_name(aside.name + suffix))
    except OSError as error:
        raise StoreError(f"cannot move {path} aside: {error.strerror or error}",
                         "readonly") from None
    return aside


def start_fresh(path: str | Path) -> Path | None:
    """Move a database that cannot be used aside (never deleted) so a new one is made.
    Returns where it went, None when there was no file."""
    path = Path(path)
    aside = _move_aside(path)
    Store(path).close()
    return aside


def restore_latest_backup(path: str | Path) -> tuple[Path, Path | None]:
    """Put the newest readable backup in place of the database; the file it replaces is moved
    aside, never deleted. Returns (backup used, where the old file went).

    Raises:
        StoreError: no readable backup.
    """
    path = Path(path)
    for candidate in backups(path):
        try:
            _inspect(candidate)
        except StoreError:
            continue
        aside = _move_aside(path)
        try:
            partial = path.with_name(path.name + ".partial")
            partial.write_bytes(candidate.read_bytes())
            os.replace(partial, path)
        except OSError as error:
            raise StoreError(f"cannot restore {candidate.name}: {error.strerror or error}",
                             "io") from None
        return candidate, aside
    raise StoreError(f"no readable backup of {path} in {path.parent / 'backups'}", "missing")
