"""The database: saved scenarios with their history, price catalog versions and hardware
profiles, in one SQLite file or a team database on PostgreSQL (SQLModel).

One file in the user's data folder, or the path or postgresql:// address given with --db or
LLMPLAN_DB. A second window, process or planner is told, by name, when it would overwrite a
newer save (each scenario save names the revision it started from). Schema migrations run on
open (after a backup copy of a file); a database from a newer version, a damaged file or one
that is not ours is refused and left as it is.

The parts: files (the file, its errors and recovery), tables (schema and records), connection
(opening, transactions, settings, backups), catalogs, scenarios and profiles.
"""

from pathlib import Path

from core.store.files import (
    ENV_DB,
    ConflictError,
    StoreError,
    backups,
    default_db_path,
    move_aside,
    restore_latest_backup,
)
from core.store.profiles import ProfileStore
from core.store.scenarios import ScenarioStore
from core.store.tables import (
    CatalogVersion,
    ImportOutcome,
    ProfileInfo,
    RevisionInfo,
    ScenarioInfo,
    StoredScenario,
)

__all__ = [
    "ENV_DB", "CatalogVersion", "ConflictError", "ImportOutcome", "ProfileInfo", "RevisionInfo",
    "ScenarioInfo", "Store", "StoreError", "StoredScenario", "backups", "default_db_path",
    "restore_latest_backup", "start_fresh",
]


class Store(ScenarioStore, ProfileStore):
    """One llmplan database file: price catalog versions, scenarios, hardware profiles.

    Raises (on open):
        StoreError: the file is damaged, not ours, from a newer version, or cannot be written.
    """


def start_fresh(path: str | Path) -> Path | None:
    """Move a database that cannot be used aside (never deleted) so a new one is made.
    Returns where it went, None when there was no file."""
    path = Path(path)
    aside = move_aside(path)
    Store(path).close()
    return aside
