"""Offline first: a laptop keeps its own database file and exchanges with the team database
when it can. Nothing is ever overwritten or deleted by a sync.

- Price catalog versions are matched by the uid each keeps in every database. The team's
  versions this file lacks are added here, in the team's order; this file's versions the team
  lacks are added there when the role may change the team catalog (else they stay here, named).
- Scenarios are matched by name and their revisions by uid. Where one side holds the other's
  revisions plus newer ones, the newer ones are copied over (with their author, time, note and
  catalog version). Where both sides saved since they last agreed, the scenario is a conflict,
  named in the report, and neither side changes: rename one copy and sync again.
- Hardware profiles stay on the computer that probed them; scenario deletions are not synced.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.store.database import Store
from core.store.files import StoreError
from core.store.tables import CatalogVersion, RevisionRecord

Batch = dict[str, tuple[list[str], list[RevisionRecord]]]


@dataclass
class SyncReport:
    """What one sync did; `conflicts` and `kept` say by name what it left as it was."""

    pulled_catalogs: list[CatalogVersion] = field(default_factory=list)
    pushed_catalogs: list[CatalogVersion] = field(default_factory=list)
    kept_catalogs: list[tuple[CatalogVersion, str]] = field(default_factory=list)
    pulled: dict[str, int] = field(default_factory=dict)  # scenario name: revisions copied
    pushed: dict[str, int] = field(default_factory=dict)
    conflicts: dict[str, str] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.pulled_catalogs or self.pushed_catalogs or self.pulled
                    or self.pushed)

    def lines(self) -> list[str]:
        """The report as the CLI prints it and the desktop shows it."""
        out = [f"Catalog versions: {len(self.pulled_catalogs)} from the team, "
               f"{len(self.pushed_catalogs)} to the team"]
        for version, reason in self.kept_catalogs:
            out.append(f"  kept here: catalog version {version.version} ({version.origin}): "
                       f"{reason}")
        out.append(f"Scenarios: {len(self.pulled)} updated from the team "
                   f"({sum(self.pulled.values())} revisions), {len(self.pushed)} sent to the "
                   f"team ({sum(self.pushed.values())} revisions)")
        for name, count in sorted(self.pulled.items()):
            out.append(f"  from the team: '{name}' ({count} revision{'s' * (count != 1)})")
        for name, count in sorted(self.pushed.items()):
            out.append(f"  to the team: '{name}' ({count} revision{'s' * (count != 1)})")
        if self.conflicts:
            out.append(f"Conflicts: {len(self.conflicts)}, left as they are on both sides")
            out.extend(f"  '{name}': {reason}" for name, reason in sorted(
                self.conflicts.items()))
        return out

    def to_dict(self) -> dict[str, object]:
        return {"catalogs": {"pulled": [v.uid for v in self.pulled_catalogs],
                             "pushed": [v.uid for v in self.pushed_catalogs],
                             "kept": [{"version": v.version, "reason": reason}
                                      for v, reason in self.kept_catalogs]},
                "pulled": self.pulled, "pushed": self.pushed, "conflicts": self.conflicts}


def _copy_catalogs(source: Store, target: Store, wanted: list[CatalogVersion],
                   ) -> list[CatalogVersion]:
    return [target.add_catalog(source.catalog(v.version), v.origin, v.note, uid=v.uid,
                               author=v.author, created=v.created) for v in wanted]


def _who(records: dict[str, RevisionRecord], uid: str) -> str:
    record = records.get(uid)
    if record is None:
        return "?"
    return f"revision {record.revision} by {record.author or 'someone'} at {record.saved_at}"


def sync(local: Store, team: Store) -> SyncReport:
    """Exchange catalog versions and scenario revisions between a laptop's file and the team
    database (see the module's notes).

    Raises:
        StoreError: either database cannot be read or written (what was copied before stays;
            every scenario is copied whole or not at all, in one transaction per side).
    """
    report = SyncReport()
    local_versions, team_versions = local.catalog_versions(), team.catalog_versions()
    here = {v.uid for v in local_versions}
    there = {v.uid for v in team_versions}
    report.pulled_catalogs = _copy_catalogs(team, local,
                                            [v for v in team_versions if v.uid not in here])
    for version in [v for v in local_versions if v.uid not in there]:
        try:
            report.pushed_catalogs += _copy_catalogs(local, team, [version])
        except StoreError as error:
            if error.kind != "denied":
                raise
            report.kept_catalogs.append(
                (version, f"the role '{team.role}' may not add catalog versions"))

    mine, theirs = local.revision_uids(), team.revision_uids()
    pull: Batch = {}
    push: Batch = {}
    diverged: dict[str, tuple[str, str]] = {}
    for name in sorted(set(mine) | set(theirs)):
        held, shared = mine.get(name, []), theirs.get(name, [])
        if held == shared:
            continue
        if shared[:len(held)] == held:
            pull[name] = (held, [])
        elif held[:len(shared)] == shared:
            push[name] = (shared, [])
        else:
            diverged[name] = (held[-1], shared[-1])
    if pull:
        records = team.revision_records(
            [uid for name, (held, _) in pull.items() for uid in theirs[name][len(held):]])
        for name, (held, _) in pull.items():
            pull[name] = (held, [records[u] for u in theirs[name][len(held):]])
        refused = local.append_revisions(pull)
        report.conflicts.update(refused)
        report.pulled = {n: len(b[1]) for n, b in pull.items() if n not in refused}
    if push:
        records = local.revision_records(
            [uid for name, (shared, _) in push.items() for uid in mine[name][len(shared):]])
        for name, (shared, _) in push.items():
            push[name] = (shared, [records[u] for u in mine[name][len(shared):]])
        try:
            refused = team.append_revisions(push)
        except StoreError as error:
            if error.kind != "denied":
                raise
            refused = {n: f"the role '{team.role}' may not save scenarios" for n in push}
        for name, reason in refused.items():
            if "catalog version" in reason:
                reason += (f" (it stayed here; the role '{team.role}' may not add it): move "
                           "it to a team catalog version with `llmplan scenario use-catalog` "
                           "and sync again")
            report.conflicts[name] = reason
        report.pushed = {n: len(b[1]) for n, b in push.items() if n not in refused}
    if diverged:
        ours = local.revision_records([mine_uid for mine_uid, _ in diverged.values()])
        shared_records = team.revision_records([uid for _, uid in diverged.values()])
        for name, (mine_uid, their_uid) in diverged.items():
            report.conflicts[name] = (
                f"saved on both sides since they last agreed: here {_who(ours, mine_uid)}, on "
                f"the team {_who(shared_records, their_uid)}. Nothing was overwritten; rename "
                "this copy (`llmplan scenario rename`) and sync again to keep both")
    return report
