"""Add German entries to one of resources/locale/de/*.po, keeping what is there:
`python scripts/po_write.py FILE.po ENTRIES.py`, ENTRIES.py defining DE = {id: German} and
optionally PLURALS = {(singular, plural): (German singular, German plural)}. Entries already in
another catalog of the folder are skipped (one id, one translation)."""

import runpy
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

HEADER = {"project": "llmplan", "version": "", "copyright_holder": "", "msgid_bugs_address": ""}


def main(target: str, entries: str) -> None:
    path = Path(target)
    given = runpy.run_path(entries)
    elsewhere = set()
    for other in path.parent.glob("*.po"):
        if other != path:
            with other.open("rb") as file:
                elsewhere |= {entry.id if isinstance(entry.id, str) else entry.id[0]
                              for entry in read_po(file) if entry.id}
    if path.exists():
        with path.open("rb") as file:
            catalog = read_po(file, locale="de")
    else:
        catalog = Catalog(locale="de", domain="llmplan", fuzzy=False, **HEADER)
    for english, german in given.get("DE", {}).items():
        if english not in elsewhere:
            catalog.add(english, german)
    for (singular, plural), forms in given.get("PLURALS", {}).items():
        if singular not in elsewhere:
            catalog.add((singular, plural), forms)
    with path.open("wb") as file:
        write_po(file, catalog, width=100, no_location=True, omit_header=False)


if __name__ == "__main__":
    main(*sys.argv[1:3])
