"""The database schema (SQLModel tables), its version and migrations, and the plain records
the store hands back.

SCHEMA_VERSION is the version this llmplan writes; MIGRATIONS[n] turns a version-n database
into version n + 1, inside the transaction that also records the new version.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy
from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from core.costing.scenario import Scenario
from core.pricing.catalog import Change, PriceRange

SCHEMA_VERSION = 3


def now() -> str:
    """The time of a save, as stored: UTC, ISO 8601, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def new_uid() -> str:
    """The name a catalog version or a scenario revision keeps in every database it is synced
    to (the local number differs from one database to the next)."""
    return uuid.uuid4().hex


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
    uid: str = Field(default_factory=new_uid, unique=True, index=True)
    author: str = ""


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
    # JSON of the fields an API price may have beyond these (core.pricing.catalog.API_DETAILS:
    # cache writes, long-context tier, scheduled changes, hours of the day, deprecation)
    details: str = ""


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
    # Not unique: a copy of a scenario made by renaming it on one side keeps the revisions
    # it shares with the original, under its own name.
    uid: str = Field(default_factory=new_uid, index=True)
    author: str = ""


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
def _api_details_column(connection: sqlalchemy.Connection) -> None:
    """Schema 1 -> 2: API prices keep their cache-write, long-context, scheduled, time-of-day
    and deprecation fields in a JSON column."""
    connection.exec_driver_sql(
        "ALTER TABLE api_price ADD COLUMN details VARCHAR NOT NULL DEFAULT ''")


def _uids_and_authors(connection: sqlalchemy.Connection) -> None:
    """Schema 2 -> 3: catalog versions and scenario revisions get a uid that stays the same in
    every database they are synced to, and the name of who saved them (unknown before: '')."""
    for table in ("catalog_version", "scenario_revision"):
        connection.exec_driver_sql(
            f"ALTER TABLE {table} ADD COLUMN uid VARCHAR NOT NULL DEFAULT ''")
        connection.exec_driver_sql(
            f"ALTER TABLE {table} ADD COLUMN author VARCHAR NOT NULL DEFAULT ''")
        ids = [row[0] for row in connection.exec_driver_sql(f"SELECT id FROM {table}")]
        if ids:
            connection.execute(sqlalchemy.text(f"UPDATE {table} SET uid = :uid WHERE id = :id"),
                               [{"uid": new_uid(), "id": number} for number in ids])
        unique = "UNIQUE " if table == "catalog_version" else ""
        connection.exec_driver_sql(f"CREATE {unique}INDEX ix_{table}_uid ON {table} (uid)")


MIGRATIONS: dict[int, Callable[[sqlalchemy.Connection], object]] = {
    1: _api_details_column, 2: _uids_and_authors}


# --- what the store returns ----------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogVersion:
    version: int
    created: str
    origin: str
    retrieved: str
    note: str
    author: str = ""
    uid: str = ""


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
    author: str = ""


@dataclass(frozen=True)
class RevisionRecord:
    """A scenario revision as a sync copies it from one database to another."""

    uid: str
    revision: int
    saved_at: str
    author: str
    note: str
    document: str
    catalog_uid: str | None


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


def price_range(row: _RangeColumns) -> PriceRange:
    return PriceRange(row.key, row.label, row.low, row.high, row.unit, row.currency, row.source,
                      row.price_date, row.gpu, row.gpus)


def scenario_info(row: ScenarioRow) -> ScenarioInfo:
    return ScenarioInfo(row.name, row.revision, row.created, row.updated, row.catalog_id)
