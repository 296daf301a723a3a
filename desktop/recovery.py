"""Unsaved edits kept on disk while the user works: a recovery file next to the database,
rewritten a moment after each edit and removed once the edits are saved or dropped. After a
crash or a power cut the next start finds it and offers to bring the edits back."""

import json
import logging
from datetime import datetime
from pathlib import Path
from typing import Any

from core.errors import InputError
from core.files import write_atomically

log = logging.getLogger(__name__)
AUTOSAVE_DELAY_MS = 1500  # an edit is on disk at most this long after it is made
_KIND = "llmplan-recovery"


def recovery_anchor(where: str) -> Path:
    """Where the unsaved edits of a team database are kept: beside this computer's database
    file, under a name made from the (masked) address."""
    import hashlib

    from core.store.files import default_db_path

    digest = hashlib.sha256(where.encode()).hexdigest()[:12]
    return default_db_path().with_name(f"team-{digest}.db")


class Recovery:
    """The recovery file of one database."""

    def __init__(self, db_path: Path):
        self.path = db_path.with_name(f"{db_path.stem}.recovery.json")

    def keep(self, name: str | None, revision: int | None, catalog_version: int | None,
             document: dict[str, Any]) -> None:
        """Write the edited document (best effort: a full disk is logged, not shown)."""
        payload = {"kind": _KIND, "name": name, "revision": revision,
                   "catalog_version": catalog_version,
                   "kept_at": datetime.now().astimezone().isoformat(timespec="seconds"),
                   "document": document}
        try:
            write_atomically(self.path, json.dumps(payload, ensure_ascii=False))
        except InputError as error:
            log.warning("unsaved edits not kept: %s", error)

    def found(self) -> dict[str, Any] | None:
        """What a previous run left, or None; a damaged file is moved aside, not trusted."""
        if not self.path.exists():
            return None
        try:
            payload = json.loads(self.path.read_text(encoding="utf-8"))
            if payload.get("kind") != _KIND or not isinstance(payload.get("document"), dict):
                raise ValueError("not a recovery file")
        except (OSError, ValueError, AttributeError) as error:
            log.warning("recovery file %s unreadable (%s); moved aside", self.path, error)
            self.path.replace(self.path.with_suffix(".damaged"))
            return None
        return payload

    def drop(self) -> None:
        self.path.unlink(missing_ok=True)
