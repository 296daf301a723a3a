"""Hardware profiles in the database: probe results kept under a name, never replaced silently.
"""

import json
from typing import Any

from sqlmodel import col, select

from core.errors import InputError
from core.files import json_document
from core.i18n.message import Name, msg
from core.store.connection import Connection
from core.store.files import ConflictError, StoreError
from core.store.tables import HardwareProfileRow, ProfileInfo, now


class ProfileStore(Connection):
    """Saved hardware profiles."""

    def save_profile(self, name: str, document: dict[str, Any], host: str, taken_at: str,
                     replace: bool = False) -> ProfileInfo:
        """Keep a probe result. An existing name is replaced only when asked.

        Raises:
            ConflictError: the name is taken and replace is False.
        """
        text = json.dumps(document, ensure_ascii=False)
        stamp = now()
        with self._writing(msg("saving hardware profile '{name}'", name=Name(name))) as session:
            row = session.exec(select(HardwareProfileRow).where(
                HardwareProfileRow.name == name)).first()
            if row is not None and not replace:
                raise ConflictError(f"a hardware profile named '{name}' exists (taken "
                                    f"{row.taken_at} on {row.host}); nothing was saved")
            row = row or HardwareProfileRow(name=name, host=host, taken_at=taken_at,
                                            saved_at=stamp, document=text)
            row.host, row.taken_at, row.saved_at, row.document = host, taken_at, stamp, text
            session.add(row)
        return ProfileInfo(name, host, taken_at, stamp)

    def profiles(self) -> list[ProfileInfo]:
        with self._reading(msg("listing hardware profiles")) as session:
            rows = session.exec(select(HardwareProfileRow).order_by(
                col(HardwareProfileRow.name)))
            return [ProfileInfo(r.name, r.host, r.taken_at, r.saved_at) for r in rows]

    def load_profile(self, name: str) -> dict[str, Any]:
        with self._reading(msg("reading hardware profile '{name}'", name=Name(name))) as session:
            row = session.exec(select(HardwareProfileRow).where(
                HardwareProfileRow.name == name)).first()
            if row is None:
                raise StoreError(f"no hardware profile named '{name}'", "missing")
            document = row.document
        try:  # read like a file from outside: the database may have been altered
            result = json_document(document, "the saved document")
        except InputError as error:
            raise StoreError(f"hardware profile '{name}' cannot be read: {error}",
                             "corrupt") from None
        if not isinstance(result, dict):
            raise StoreError(f"hardware profile '{name}' cannot be read: the saved document "
                             "is not a JSON object", "corrupt")
        return result

    def delete_profile(self, name: str) -> None:
        """Remove a saved hardware profile.

        Raises:
            StoreError: no profile has that name.
        """
        with self._writing(msg("deleting hardware profile '{name}'", name=Name(name))) as session:
            row = session.exec(select(HardwareProfileRow).where(
                HardwareProfileRow.name == name)).first()
            if row is None:
                raise StoreError(f"no hardware profile named '{name}'", "missing")
            session.delete(row)
