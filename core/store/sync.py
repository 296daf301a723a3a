"""Offline first: a laptop keeps its own database file and exchanges with the team database
when it can. Nothing is ever overwritten or deleted by a sync.

- Price catalog versions are matched by the uid each keeps in every database. The team's
  versions this file lacks are added here, in the team's order; this file's versions the team
  lacks are added there when the role may change the team catalog (else they stay here, named).
- Scenarios are matched by name and their revisions by uid. Where one side holds the other's
  revisions plus newer ones, the newer ones are copied over (with their author, time, note and
  catalog version). Where both sides saved since they last agreed, the scenario is a conflict,
  named in the report, and neither side changes: rename one copy and sync again.
- A scenario renamed on one side is renamed on the other when that side has not saved it
  since (else it is a conflict).
- Hardware profiles stay on the computer that probed them; scenario deletions are not synced.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.i18n.message import Count, Message, Name, msg, nmsg
from core.i18n.render import render
from core.store.database import Store
from core.store.files import StoreError
from core.store.tables import CatalogVersion, RevisionRecord


@dataclass
class SyncReport:
    """What one sync did; `conflicts` and `kept_catalogs` say by name what it left as it was,
    and why."""

    pulled_catalogs: list[CatalogVersion] = field(default_factory=list)
    pushed_catalogs: list[CatalogVersion] = field(default_factory=list)
    kept_catalogs: list[tuple[CatalogVersion, Message]] = field(default_factory=list)
    pulled: dict[str, int] = field(default_factory=dict)  # scenario name: revisions copied
    pushed: dict[str, int] = field(default_factory=dict)
    renamed: dict[str, str] = field(default_factory=dict)  # new name: the name it had
    conflicts: dict[str, Message] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.pulled_catalogs or self.pushed_catalogs or self.pulled
                    or self.pushed)

    def lines(self) -> list[Message]:
        """The report, line by line, as the CLI prints it and the desktop shows it."""
        out = [msg("Catalog versions from the team: {pulled}; to the team: {pushed}",
                   pulled=Count(len(self.pulled_catalogs)),
                   pushed=Count(len(self.pushed_catalogs)))]
        out += [msg("kept here: catalog version {version} ({origin}): {reason}",
                    version=Count(version.version), origin=Name(version.origin), reason=reason)
                for version, reason in self.kept_catalogs]
        for copied, head, each in (
                (self.pulled, "Scenarios from the team: {count} ({revisions})",
                 "from the team: '{name}' ({revisions})"),
                (self.pushed, "Scenarios to the team: {count} ({revisions})",
                 "to the team: '{name}' ({revisions})")):
            out.append(msg(head, count=Count(len(copied)),
                           revisions=_revisions(sum(copied.values()))))
            out += [msg(each, name=Name(name), revisions=_revisions(count))
                    for name, count in sorted(copied.items())]
        out += [msg("renamed: '{old}' is now '{name}'", old=Name(old), name=Name(new))
                for new, old in sorted(self.renamed.items())]
        if self.conflicts:
            out.append(msg("Conflicts, left as they are on both sides: {count}",
                           count=Count(len(self.conflicts))))
            out += [msg("'{name}': {reason}", name=Name(name), reason=reason)
                    for name, reason in sorted(self.conflicts.items())]
        return out

    def to_dict(self) -> dict[str, object]:
        """The report for `llmplan sync --json` (reasons in English)."""
        return {"catalogs": {"pulled": [v.uid for v in self.pulled_catalogs],
                             "pushed": [v.uid for v in self.pushed_catalogs],
                             "kept": [{"version": v.version, "reason": render(reason, "en")}
                                      for v, reason in self.kept_catalogs]},
                "pulled": self.pulled, "pushed": self.pushed, "renamed": self.renamed,
                "conflicts": {name: render(reason, "en")
                              for name, reason in sorted(self.conflicts.items())}}


def _revisions(count: int) -> Message:
    return nmsg("{n} revision", "{n} revisions", n=Count(count))


def _refusal(reason: tuple[str, int], role: str, pushing: bool) -> Message:
    """Why append_revisions left a scenario as it was, in words."""
    code, revision = reason
    if code == "moved":
        return msg("it was saved again while syncing; sync again")
    if code == "denied":
        return msg("the role '{role}' may not save scenarios", role=Name(role))
    if pushing:
        return msg("revision {revision} was computed with a catalog version the team lacks, "
                   "which the role '{role}' may not add; move it to a team catalog version "
                   "(`llmplan scenario use-catalog`) and sync again",
                   revision=Count(revision), role=Name(role))
    return msg("revision {revision} was computed with a catalog version this computer lacks",
               revision=Count(revision))


def _copy_catalogs(source: Store, target: Store, wanted: list[CatalogVersion],
                   ) -> list[CatalogVersion]:
    return [target.add_catalog(source.catalog(v.version), v.origin, v.note, uid=v.uid,
                               author=v.author, created=v.created) for v in wanted]


def _who(records: dict[str, RevisionRecord], uid: str) -> Message:
    record = records[uid]
    return msg("revision {revision} by {author} at {time}", revision=Count(record.revision),
               author=Name(record.author or "?"), time=Name(record.saved_at))


def _copy_revisions(source: Store, target: Store, wanted: dict[str, list[str]],
                    history: dict[str, list[str]], renamed: dict[str, str], pushing: bool,
                    ) -> tuple[dict[str, int], dict[str, Message]]:
    """Append to `target` the revisions of `source` it lacks, for each scenario in `wanted`
    (name: the revisions the target holds now). Returns how many were copied, by name, and
    why the others were left as they were."""
    records = source.revision_records(
        [uid for name, held in wanted.items() for uid in history[name][len(held):]])
    batches = {name: (held, [records[uid] for uid in history[name][len(held):]])
               for name, held in wanted.items()}
    try:
        refused = target.append_revisions(batches, renamed)
    except StoreError as error:
        if error.kind != "denied":
            raise
        refused = {name: ("denied", 0) for name in batches}
    copied = {name: len(batch[1]) for name, batch in batches.items() if name not in refused}
    return copied, {name: _refusal(reason, target.role, pushing)
                    for name, reason in refused.items()}


def _renames(source: dict[str, list[str]], target: dict[str, list[str]]) -> dict[str, str]:
    """Scenarios renamed on the source side since the two last agreed: {new name: the old name
    the target still holds}. A rename is followed when the target holds the old name and not
    the new one, the source no longer holds the old name, and the target's revisions of it are
    where the source's start."""
    first = {uids[0]: name for name, uids in target.items() if uids}
    found = {}
    for name, uids in source.items():
        old = first.get(uids[0]) if uids and name not in target else None
        if old is not None and old not in source and uids[:len(target[old])] == target[old]:
            found[name] = old
    return found


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
            report.kept_catalogs.append((version, msg(
                "the role '{role}' may not add catalog versions", role=Name(team.role))))

    mine, theirs = local.revision_uids(), team.revision_uids()
    renamed_here, renamed_there = _renames(theirs, mine), _renames(mine, theirs)
    pull: dict[str, list[str]] = {}  # name: the revisions the receiving side holds now
    push: dict[str, list[str]] = {}
    diverged: dict[str, tuple[str, str]] = {}
    old_names = set(renamed_here.values()) | set(renamed_there.values())
    for name in sorted((set(mine) | set(theirs)) - old_names):
        held = mine.get(renamed_here.get(name, name), [])
        shared = theirs.get(renamed_there.get(name, name), [])
        if held == shared:
            continue
        if shared[:len(held)] == held:
            pull[name] = held
        elif held[:len(shared)] == shared:
            push[name] = shared
        else:
            diverged[name] = (held[-1], shared[-1])
    for source, target, wanted, history, renamed, pushing in (
            (team, local, pull, theirs, renamed_here, False),
            (local, team, push, mine, renamed_there, True)):
        if not wanted:
            continue
        copied, refused = _copy_revisions(source, target, wanted, history, renamed, pushing)
        (report.pushed if pushing else report.pulled).update(copied)
        report.conflicts.update(refused)
        report.renamed.update({new: old for new, old in renamed.items() if new in copied})
    if diverged:
        ours = local.revision_records([mine_uid for mine_uid, _ in diverged.values()])
        shared_records = team.revision_records([uid for _, uid in diverged.values()])
        for name, (mine_uid, their_uid) in diverged.items():
            report.conflicts[name] = msg(
                "saved on both sides since they last agreed: here {mine}, on the team "
                "{theirs}. Nothing was overwritten; rename this copy (`llmplan scenario "
                "rename`) and sync again to keep both", mine=_who(ours, mine_uid),
                theirs=_who(shared_records, their_uid))
    return report
