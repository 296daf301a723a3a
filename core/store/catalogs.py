"""Price catalogs in the database: each import is a new version, whole or not at all, and every
saved scenario names the version it was computed with. The bundled catalog is added as a new
version when this llmplan ships a newer edition of it.
"""

import hashlib
import json
from pathlib import Path
from typing import Any

from sqlalchemy import insert
from sqlmodel import col, select

from core.errors import InputError
from core.i18n.message import Count, msg
from core.pricing.catalog import (
    API_DETAILS,
    KINDS,
    ApiPrice,
    CloudInstance,
    PriceCatalog,
    api_details,
    api_details_dict,
    default_catalog,
    diff_catalogs,
    entries,
    merge_catalogs,
    retire_and_replace,
)
from core.pricing.checks import MAX_CATALOG_ROWS
from core.pricing.importers import ImportResult
from core.store.connection import Connection
from core.store.files import StoreError
from core.store.tables import (
    ApiPriceRow,
    CatalogVersion,
    CatalogVersionRow,
    CloudPriceRow,
    EnergyPriceRow,
    ExchangeRateRow,
    HardwarePriceRow,
    ImportOutcome,
    MetaRow,
    new_uid,
    now,
    price_range,
)

BUNDLED_ORIGIN = "bundled catalog (resources/catalog/prices.json)"
# How often an import is merged again when another llmplan added a catalog version meanwhile.
_IMPORT_ATTEMPTS = 5


class CatalogMoved(Exception):
    """Another llmplan added a catalog version after this one read the latest (retry)."""


def bundled_uid(edition: str, base_uid: str) -> str:
    """The bundled edition merged onto a given version is the same catalog wherever it is made,
    so it has the same uid on every laptop and on the team database (sync then matches them)."""
    return hashlib.sha256(f"bundled|{edition}|{base_uid}".encode()).hexdigest()[:32]


def _details(row: ApiPriceRow) -> dict[str, Any]:
    if not row.details:
        return {}
    try:
        return api_details(json.loads(row.details), f"api price {row.key}")
    except (ValueError, InputError) as error:
        raise StoreError(f"catalog version {row.catalog_id}: api price {row.key}: its details "
                         f"cannot be read ({error})", "corrupt") from None


def _row_values(number: int | None, row: Any) -> dict[str, Any]:
    values = {"catalog_id": number, "key": row.id,
              **{k: v for k, v in row.__dict__.items() if k != "id"}}
    if isinstance(row, ApiPrice):
        for name in API_DETAILS:
            values.pop(name)
        details = api_details_dict(row)
        values["details"] = json.dumps(details, ensure_ascii=False) if details else ""
    return values


class CatalogStore(Connection):
    """The price catalog versions of a database (versions are cached once read: they never
    change)."""

    def __init__(self, path: str | Path | None = None):
        super().__init__(path)
        self._catalogs: dict[int, PriceCatalog] = {}
        try:
            self._seed_bundled()
        except BaseException:
            self.close()
            raise

    def _seed_bundled(self) -> None:
        """Add the bundled catalog when this database has not seen this edition of it. A role
        that may not change a team catalog reads the catalog as it is."""
        bundled = default_catalog()
        for _attempt in range(_IMPORT_ATTEMPTS):
            with self._reading(msg("reading the catalog")) as session:
                seen = session.get(MetaRow, "bundled_catalog")
            if seen is not None and seen.value == bundled.retrieved:
                return
            versions = self.catalog_versions()
            base = versions[-1] if versions else None
            catalog = merge_catalogs(self.catalog(base.version), bundled) if base else bundled
            try:
                self.add_catalog(catalog, BUNDLED_ORIGIN + f", retrieved {bundled.retrieved}",
                                 meta={"bundled_catalog": bundled.retrieved},
                                 latest=base.version if base else None,
                                 uid=bundled_uid(bundled.retrieved, base.uid if base else ""))
                return
            except CatalogMoved:
                continue
            except StoreError as error:
                if error.kind == "denied" and versions:
                    return
                raise

    def catalog_versions(self) -> list[CatalogVersion]:
        with self._reading(msg("listing catalog versions")) as session:
            rows = session.exec(select(CatalogVersionRow).order_by(col(CatalogVersionRow.id)))
            return [CatalogVersion(r.id or 0, r.created, r.origin, r.retrieved, r.note,
                                   r.author, r.uid) for r in rows]

    def latest_catalog_version(self) -> int:
        versions = self.catalog_versions()
        if not versions:
            raise StoreError(f"{self.where} holds no price catalog", "missing")
        return versions[-1].version

    def catalog(self, version: int | None = None) -> PriceCatalog:
        """One version of the price catalog (the latest by default).

        Raises:
            StoreError: no such version.
        """
        number = version if version is not None else self.latest_catalog_version()
        if number in self._catalogs:
            return self._catalogs[number]
        what = msg("reading catalog version {number}", number=Count(number))
        with self._reading(what) as session:
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
                                   r.training_price_per_m, r.currency, r.source, r.price_date,
                                   **_details(r))
                          for r in api),
                energy=tuple(price_range(r) for r in energy),
                hardware=tuple(price_range(r) for r in hardware))
        self._catalogs[number] = catalog
        return catalog

    def add_catalog(self, catalog: PriceCatalog, origin: str, note: str = "",
                    meta: dict[str, str] | None = None, *, latest: int | None = -1,
                    uid: str = "", author: str = "", created: str = "") -> CatalogVersion:
        """Store `catalog` as a new version, whole or not at all.

        `latest`, when given, is the version the catalog was built on (None: none yet); when
        another version was added since, nothing is written and CatalogMoved is raised. `uid`,
        `author` and `created` are kept as given by a sync; a new version gets its own.
        """
        with self._writing(msg("saving the price catalog")) as session:
            if latest != -1:
                newest = session.exec(select(CatalogVersionRow.id).order_by(
                    col(CatalogVersionRow.id).desc())).first()
                if newest != latest:
                    raise CatalogMoved
            head = CatalogVersionRow(created=created or now(), origin=origin,
                                     retrieved=catalog.retrieved, note=note,
                                     uid=uid or new_uid(), author=author or self.author)
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
                    connection.execute(insert(table), [_row_values(number, row)
                                                       for row in rows])
            for key, value in (meta or {}).items():
                session.merge(MetaRow(key=key, value=value))
            version = CatalogVersion(number or 0, head.created, origin, catalog.retrieved, note,
                                     head.author, head.uid)
        self._catalogs[version.version] = catalog
        return version

    def import_prices(self, result: ImportResult, dry_run: bool = False, *,
                      retire: bool = False, replace_same: bool = False) -> ImportOutcome:
        """Add what an import holds as a new catalog version (the latest plus the file's rows;
        retire and replace_same as core.pricing.catalog.retire_and_replace). Nothing changes
        when the file adds or changes no price, or with dry_run (the changes are still
        returned)."""
        for _attempt in range(_IMPORT_ATTEMPTS):
            latest = self.latest_catalog_version()
            base = self.catalog(latest)
            merged = merge_catalogs(retire_and_replace(base, result.catalog, retire=retire,
                                                       replace_same=replace_same),
                                    result.catalog)
            size = sum(len(entries(merged, kind)) for kind in KINDS)
            if size > MAX_CATALOG_ROWS:
                raise StoreError(f"{result.origin}: with its {result.taken:,} prices the "
                                 f"catalog would hold {size:,}; a catalog of more than "
                                 f"{MAX_CATALOG_ROWS:,} is not kept (every plan reads it "
                                 "whole). Nothing was changed; import a smaller selection.",
                                 "io")
            changes = diff_catalogs(base, merged)
            if not changes or dry_run:
                return ImportOutcome(None, changes)
            note = (f"{result.taken:,} rows taken, {len(result.skipped):,} skipped; "
                    f"{len(changes):,} changes")
            try:
                version = self.add_catalog(merged, f"import of {result.origin} "
                                                   f"({result.format})", note, latest=latest)
            except CatalogMoved:  # another import landed first: merge onto it instead
                continue
            return ImportOutcome(version, changes)
        raise StoreError(f"the catalog of {self.where} kept changing while {result.origin} was "
                         "imported; nothing was saved. Try again.", "busy")
