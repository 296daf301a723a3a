"""The UI's translation files: every text desktop/ passes to tr() or N_(), kept in Qt's .ts
format under resources/translations/ (compiled to .qm by `make setup`).

  python scripts/translations.py check    every text has a German translation
  python scripts/translations.py update   add new texts to the .ts as unfinished, drop old ones
"""

import ast
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS_FILE = ROOT / "resources" / "translations" / "llmplan_de.ts"
CONTEXT = "llmplan"


def ui_texts(folder: Path = ROOT / "desktop") -> list[str]:
    """Every literal passed to tr() or N_() in the desktop package, in source order."""
    found: dict[str, None] = {}
    for path in sorted(folder.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id in ("tr", "N_") and node.args \
                    and isinstance(node.args[0], ast.Constant) \
                    and isinstance(node.args[0].value, str):
                found[node.args[0].value] = None
    return list(found)


def read_ts(path: Path = TS_FILE) -> dict[str, str]:
    """source -> translation of the finished messages of a .ts file."""
    if not path.exists():
        return {}
    translations = {}
    for message in ET.parse(path).getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is not None and translation.get("type") != "unfinished" \
                and translation.text:
            translations[source] = translation.text
    return translations


def write_ts(translations: dict[str, str], path: Path = TS_FILE, language: str = "de_DE"
             ) -> None:
    root = ET.Element("TS", version="2.1", language=language)
    context = ET.SubElement(root, "context")
    ET.SubElement(context, "name").text = CONTEXT
    for source in ui_texts():
        message = ET.SubElement(context, "message")
        ET.SubElement(message, "source").text = source
        translation = ET.SubElement(message, "translation")
        if source in translations:
            translation.text = translations[source]
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
    missing = [text for text in ui_texts() if text not in translations]
    for text in missing:
        print(f"no German translation: {text!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
