"""The UI's translation files: every text desktop/ passes to tr(), trn() or N_(), and the
documentation of the scenario's fields its forms show as tooltips, kept in Qt's .ts format
under resources/translations/ (compiled to .qm by `make setup`).

  python scripts/translations.py check    every text has a German translation
  python scripts/translations.py update   add new texts to the .ts as unfinished, drop old ones

A text with a count (trn('%Ln request', '%Ln requests', n)) is a numerus message: its
singular is the source and the German forms (singular, plural) its numerusforms.
"""

import ast
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS_FILE = ROOT / "resources" / "translations" / "llmplan_de.ts"
CONTEXT = "llmplan"
# The declared fields the desktop's forms show: their `doc` is the field's tooltip.
FIELD_DOCS = ROOT / "core" / "costing" / "scenario.py"
PLURAL_FORMS = 2  # German: one, other


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) \
        else None


def ui_messages(folder: Path = ROOT / "desktop") -> dict[str, bool]:
    """Every literal passed to tr(), trn() or N_() in the desktop package and every field
    doc of FIELD_DOCS, in source order: text -> whether it takes a count (numerus)."""
    found: dict[str, bool] = {}
    for path in sorted(folder.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id in ("tr", "N_", "trn") and node.args \
                    and (text := _literal(node.args[0])) is not None:
                found[text] = node.func.id == "trn"
    for node in ast.walk(ast.parse(FIELD_DOCS.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id == "declared":
            for keyword in node.keywords:
                if keyword.arg == "doc" and (text := _literal(keyword.value)):
                    found.setdefault(text, False)
    return found


def ui_texts(folder: Path = ROOT / "desktop") -> list[str]:
    """Every text of `ui_messages`, in source order."""
    return list(ui_messages(folder))


def read_ts(path: Path = TS_FILE) -> dict[str, str | tuple[str, ...]]:
    """source -> translation of the finished messages of a .ts file (a numerus message: its
    forms)."""
    if not path.exists():
        return {}
    translations: dict[str, str | tuple[str, ...]] = {}
    for message in ET.parse(path).getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None or translation.get("type") == "unfinished":
            continue
        if message.get("numerus") == "yes":
            forms = tuple(form.text or "" for form in translation.iter("numerusform"))
            if len(forms) == PLURAL_FORMS and all(forms):
                translations[source] = forms
        elif translation.text and len(translation) == 0:  # markup inside: not a translation
            translations[source] = translation.text
    return translations


def write_ts(translations: dict[str, str | tuple[str, ...]], path: Path = TS_FILE,
             language: str = "de_DE") -> None:
    root = ET.Element("TS", version="2.1", language=language)
    context = ET.SubElement(root, "context")
    ET.SubElement(context, "name").text = CONTEXT
    for source, numerus in ui_messages().items():
        message = ET.SubElement(context, "message")
        if numerus:
            message.set("numerus", "yes")
        ET.SubElement(message, "source").text = source
        translation = ET.SubElement(message, "translation")
        known = translations.get(source)
        if numerus:
            forms = known if isinstance(known, tuple) else ("",) * PLURAL_FORMS
            for form in forms:
                ET.SubElement(translation, "numerusform").text = form
            if not isinstance(known, tuple):
                translation.set("type", "unfinished")
        elif isinstance(known, str):
            translation.text = known
        else:
            translation.set("type", "unfinished")
    ET.indent(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
                    + ET.tostring(root, encoding="unicode") + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    translations = read_ts()
    if command == "update":
        write_ts(translations)
        return 0
    missing = [text for text, numerus in ui_messages().items()
               if not isinstance(translations.get(text), tuple if numerus else str)]
    for text in missing:
        print(f"no German translation: {text!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
