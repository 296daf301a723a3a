"""Saved scenarios with their history: every save is a new revision naming the revision it
started from, so a second window or process is told when it would overwrite a newer save.
"""

import json
from dataclasses import replace
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, col, select

from core.costing.scenario import Scenario, scenario_from_dict, scenario_to_dict
from core.errors import InputError
from core.files import json_document
from core.i18n.message import Name, msg
from core.store.catalogs import CatalogStore
from core.store.files import ConflictError, StoreError
from core.store.tables import (
    CatalogVersionRow,
    RevisionInfo,
    RevisionRecord,
    ScenarioInfo,
    ScenarioRevisionRow,
    ScenarioRow,
    StoredScenario,
    now,
    scenario_info,
)

# How many uids one query asks for (SQLite allows 32,766 parameters, PostgreSQL 65,535).
_CHUNK = 500


def _chunks(items: list[Any]) -> list[list[Any]]:
    return [items[start:start + _CHUNK] for start in range(0, len(items), _CHUNK)]


class ScenarioStore(CatalogStore):
    """Scenarios and their revisions (a scenario names its catalog version, hence the base)."""

    def scenarios(self) -> list[ScenarioInfo]:
        with self._reading(msg("listing scenarios")) as session:
            rows = session.exec(select(ScenarioRow).order_by(col(ScenarioRow.name)))
            return [scenario_info(row) for row in rows]

    def _row(self, session: Session, name: str) -> ScenarioRow | None:
        return session.exec(select(ScenarioRow).where(ScenarioRow.name == name)).first()

    def _who(self, session: Session, row: ScenarioRow) -> str:
        """Who saved a scenario's latest revision (as recorded; 'someone' before authors
        were recorded)."""
        author = session.exec(select(ScenarioRevisionRow.author).where(
            ScenarioRevisionRow.scenario_id == row.id,
            ScenarioRevisionRow.revision == row.revision)).first()
        return author or "someone"

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
        stamp = now()
        with self._writing(msg("saving scenario '{name}'", name=Name(name))) as session:
            row = self._row(session, name)
            if row is None:
                if base_revision is not None:
                    raise ConflictError(
                        f"scenario '{name}' was deleted or renamed elsewhere since revision "
                        f"{base_revision} was opened; nothing was saved. Save it under a name.")
                latest = session.exec(select(CatalogVersionRow.id).order_by(
                    col(CatalogVersionRow.id).desc())).first()
                row = ScenarioRow(name=name, created=stamp, updated=stamp, revision=1,
                                  catalog_id=catalog_version or latest)
                session.add(row)
                session.flush()
            else:
                if base_revision is None:
                    raise ConflictError(
                        f"a scenario named '{name}' exists (revision {row.revision}, saved by "
                        f"{self._who(session, row)} at {row.updated}); nothing was saved. Open "
                        "it, or choose another name.")
                if row.revision != base_revision:
                    raise ConflictError(
                        f"scenario '{name}' was saved by {self._who(session, row)} at "
                        f"{row.updated} (revision {row.revision}) after revision "
                        f"{base_revision} was opened; your changes were not saved. Reload it, "
                        "or save yours under another name.")
                last = session.exec(select(ScenarioRevisionRow.document).where(
                    ScenarioRevisionRow.scenario_id == row.id,
                    ScenarioRevisionRow.revision == row.revision)).first()
                if last == document and catalog_version in (None, row.catalog_id):
                    return scenario_info(row)
                row.revision += 1
                row.updated = stamp
                if catalog_version is not None:
                    row.catalog_id = catalog_version
                session.add(row)
            assert row.id is not None
            session.add(ScenarioRevisionRow(scenario_id=row.id, revision=row.revision,
                                            saved_at=stamp, catalog_id=row.catalog_id,
                                            document=document, note=note,
                                            author=self.author))
            session.flush()
            return scenario_info(row)

    def load_scenario(self, name: str, revision: int | None = None) -> StoredScenario:
        """A saved scenario, the latest revision unless asked otherwise.

        Raises:
            StoreError: no such scenario or revision, or a revision that cannot be read.
        """
        with self._reading(msg("reading scenario '{name}'", name=Name(name))) as session:
            row = self._row(session, name)
            if row is None:
                raise StoreError(f"no scenario named '{name}' in {self.where} "
                                 "(`llmplan scenario list`)", "missing")
            wanted = revision or row.revision
            stored = session.exec(select(ScenarioRevisionRow).where(
                ScenarioRevisionRow.scenario_id == row.id,
                ScenarioRevisionRow.revision == wanted)).first()
            if stored is None:
                raise StoreError(f"scenario '{name}' has no revision {wanted} (revisions "
                                 f"1-{row.revision})", "missing")
            info = scenario_info(row)
            document, catalog_id = stored.document, stored.catalog_id
        try:  # read like a file from outside: the database may have been altered
            scenario = scenario_from_dict(json_document(document, "the saved document"))
        except InputError as error:
            raise StoreError(f"scenario '{name}' revision {wanted} cannot be read: {error}",
                             "corrupt") from None
        catalog = catalog_id if revision else info.catalog_version
        return StoredScenario(info, wanted, catalog, scenario)

    def revisions(self, name: str) -> list[RevisionInfo]:
        with self._reading(msg("reading the history of '{name}'", name=Name(name))) as session:
            row = self._row(session, name)
            if row is None:
                raise StoreError(f"no scenario named '{name}'", "missing")
            rows = session.exec(select(ScenarioRevisionRow).where(
                ScenarioRevisionRow.scenario_id == row.id).order_by(
                col(ScenarioRevisionRow.revision)))
            return [RevisionInfo(r.revision, r.saved_at, r.catalog_id, r.note, r.author)
                    for r in rows]

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
        with self._writing(msg("renaming scenario '{name}'", name=Name(name))) as session:
            if new_name != name and self._row(session, new_name) is not None:
                raise ConflictError(f"a scenario named '{new_name}' exists; nothing was renamed")
            row = self._row(session, name)
            assert row is not None
            row.name = new_name
            session.add(row)
        return self.save_scenario(replace(stored.scenario, name=new_name), base_revision,
                                  name=new_name, note=f"renamed from '{name}'")

    def delete_scenario(self, name: str) -> None:
        with self._writing(msg("deleting scenario '{name}'", name=Name(name))) as session:
            row = self._row(session, name)
            if row is None:
                raise StoreError(f"no scenario named '{name}'", "missing")
            session.delete(row)

    # -- what a sync exchanges (core.store.sync) --

    def revision_uids(self) -> dict[str, list[str]]:
        """Every scenario's revisions, oldest first, by the uid they keep in every database."""
        with self._reading(msg("listing scenario revisions")) as session:
            rows = session.exec(select(ScenarioRow.name, ScenarioRevisionRow.uid).join(
                ScenarioRevisionRow, col(ScenarioRevisionRow.scenario_id) == col(ScenarioRow.id))
                .order_by(col(ScenarioRow.name), col(ScenarioRevisionRow.revision)))
            history: dict[str, list[str]] = {}
            for name, uid in rows:
                history.setdefault(name, []).append(uid)
            return history

    def revision_records(self, uids: list[str]) -> dict[str, RevisionRecord]:
        """The revisions with these uids, as a sync copies them."""
        records: dict[str, RevisionRecord] = {}
        with self._reading(msg("reading scenario revisions")) as session:
            for part in _chunks(uids):
                rows = session.exec(select(ScenarioRevisionRow, CatalogVersionRow.uid).join(
                    CatalogVersionRow, col(ScenarioRevisionRow.catalog_id)
                    == col(CatalogVersionRow.id), isouter=True).where(
                    col(ScenarioRevisionRow.uid).in_(part)))
                for row, catalog_uid in rows:
                    records[row.uid] = RevisionRecord(row.uid, row.revision, row.saved_at,
                                                      row.author, row.note, row.document,
                                                      catalog_uid)
        return records

    def append_revisions(self, batches: dict[str, tuple[list[str], list[RevisionRecord]]],
                         renamed: dict[str, str] | None = None) -> dict[str, tuple[str, int]]:
        """Append revisions made elsewhere, in one transaction: for each scenario name, the
        revisions it holds now must be `expected` (uids, oldest first), else it is left as it
        is; a scenario in `renamed` ({new name: old name}) is found under its old name and
        takes the new one. Returns why, by name, for those left as they were: ('moved', 0)
        saved meanwhile (or the new name taken), ('catalog', revision) that revision's catalog
        version is not here."""
        refused: dict[str, tuple[str, int]] = {}
        with self._writing(msg("saving the synced scenarios")) as session:
            # A few queries for the whole batch, not a few per scenario: each is a round trip
            # to a team server.
            catalogs = {uid: number for uid, number in session.exec(
                select(CatalogVersionRow.uid, CatalogVersionRow.id))}
            renamed = renamed or {}
            names = list(batches) + [renamed[name] for name in batches if name in renamed]
            rows = {row.name: row for part in _chunks(names) for row in session.exec(
                select(ScenarioRow).where(col(ScenarioRow.name).in_(part)))}
            held: dict[int | None, list[str]] = {}
            for part in _chunks([row.id for row in rows.values()]):
                for scenario_id, uid in session.exec(select(
                        ScenarioRevisionRow.scenario_id, ScenarioRevisionRow.uid).where(
                        col(ScenarioRevisionRow.scenario_id).in_(part)).order_by(
                        col(ScenarioRevisionRow.scenario_id), col(ScenarioRevisionRow.revision))):
                    held.setdefault(scenario_id, []).append(uid)
            accepted: list[tuple[ScenarioRow, list[RevisionRecord]]] = []
            for name, (expected, records) in batches.items():
                row = rows.get(renamed.get(name, name))
                missing = next((r for r in records
                                if r.catalog_uid is not None and r.catalog_uid not in catalogs),
                               None)
                if (held.get(row.id, []) if row else []) != expected or (
                        name in renamed and name in rows):
                    refused[name] = ("moved", 0)
                elif missing is not None:
                    refused[name] = ("catalog", missing.revision)
                elif records:
                    last = records[-1]
                    if row is not None:
                        row.name = name  # the new name where it was renamed
                    row = row or ScenarioRow(name=name, created=records[0].saved_at,
                                             updated=last.saved_at, revision=last.revision)
                    row.revision, row.updated = last.revision, last.saved_at
                    row.catalog_id = catalogs.get(last.catalog_uid or "")
                    session.add(row)
                    accepted.append((row, records))
            session.flush()  # new scenarios get their ids, in one batch
            revisions = [{"scenario_id": row.id, "revision": r.revision, "saved_at": r.saved_at,
                          "catalog_id": catalogs.get(r.catalog_uid or ""),
                          "document": r.document, "note": r.note, "uid": r.uid,
                          "author": r.author} for row, records in accepted for r in records]
            if revisions:
                session.connection().execute(insert(ScenarioRevisionRow), revisions)
        return refused
