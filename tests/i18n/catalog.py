"""What the code asks to translate: every message id in core/, found the way gettext's
extractors find them (a call to msg, nmsg, term, Term, tr or tr.plural with a literal id),
by walking each module's syntax tree, so calls inside f-strings count too; and every string
constant of core/, to find catalog entries nothing uses."""

import ast
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from core.i18n.render import translations

ROOT = Path(__file__).resolve().parents[2]
# msg(id, ...), nmsg(singular, plural, ...), term(label), Term(label), tr(label, *args) and
# tr.plural(singular, plural, count, *args): the calls that carry a message id in core/.
SINGULAR = {"msg", "term", "Term", "tr"}
PLURAL = {"nmsg", "plural"}


@dataclass(frozen=True)
class Extracted:
    id: str
    plural: str | None
    where: str


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) \
        else None


@cache
def _trees() -> tuple[tuple[str, ast.Module], ...]:
    return tuple((str(path.relative_to(ROOT)), ast.parse(path.read_text(), str(path)))
                 for path in sorted((ROOT / "core").rglob("*.py")))


def extracted() -> list[Extracted]:
    found = []
    for where, tree in _trees():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = _name(node.func)
            first = _literal(node.args[0])
            if first is None:
                continue
            if name in SINGULAR:
                found.append(Extracted(first, None, f"{where}:{node.lineno}"))
            elif name in PLURAL and len(node.args) > 1 and _literal(node.args[1]) is not None:
                found.append(Extracted(first, _literal(node.args[1]), f"{where}:{node.lineno}"))
    return found


def constants() -> set[str]:
    """Every string literal of core/ (implicit concatenations joined)."""
    return {node.value for _, tree in _trees() for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)}


def german_has(item: Extracted) -> bool:
    catalog = translations("de")
    if item.plural is None:
        return item.id in catalog._catalog  # type: ignore[attr-defined]
    return (item.id, 0) in catalog._catalog  # type: ignore[attr-defined]
