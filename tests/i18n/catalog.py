"""What the code asks to translate: every message id in core/, read the way gettext tools read
it (Babel's extractor), and the German catalog the app ships."""

from dataclasses import dataclass
from pathlib import Path

from babel.messages.extract import extract_from_dir

from core.i18n.render import translations

ROOT = Path(__file__).resolve().parents[2]
# msg(id, ...), nmsg(singular, plural, ...), term(label), Term(label), tr(label, *args) and
# tr.plural(singular, plural, count, *args): the calls that carry a message id in core/.
KEYWORDS = {"msg": None, "nmsg": (1, 2), "term": None, "Term": None, "tr": None,
            "plural": (1, 2)}


@dataclass(frozen=True)
class Extracted:
    id: str
    plural: str | None
    where: str


def extracted() -> list[Extracted]:
    found = []
    for folder in ("core",):
        for path, line, message, _comments, _context in extract_from_dir(
                ROOT / folder, method_map=[("**.py", "python")], keywords=KEYWORDS,
                comment_tags=(), strip_comment_tags=True):
            if isinstance(message, tuple):
                singular, plural = message[0], message[1]
            else:
                singular, plural = message, None
            if singular:
                found.append(Extracted(singular, plural, f"{folder}/{path}:{line}"))
    return found


def german_has(item: Extracted) -> bool:
    catalog = translations("de")
    if item.plural is None:
        return item.id in catalog._catalog  # type: ignore[attr-defined]
    return (item.id, 0) in catalog._catalog  # type: ignore[attr-defined]
