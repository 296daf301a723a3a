"""Small pieces the model, serving and pricing sentences share: sizes in GB and GiB as typed
figures (rounded first as Python's format rounds them, so English shows the digits it always
showed), and lists of clauses joined the way the English text always joined them (with commas
or semicolons, not 'a, b and c'), so `str()` of a sentence stays what it was."""

from collections.abc import Sequence

from core.i18n.message import Arg, Number, Quantity, Text, msg
from core.units import GB, GiB


def gb(num_bytes: float) -> Quantity:
    """Bytes as decimal gigabytes with two decimals ('39.60 GB', '39,60 GB')."""
    return Quantity(round(num_bytes / GB, 2), "GB", 2)


def gib(num_bytes: float) -> Quantity:
    """Bytes as binary gibibytes with two decimals ('36.88 GiB', '36,88 GiB')."""
    return Quantity(round(num_bytes / GiB, 2), "GiB", 2)


def billions(count: float, digits: int = 1) -> Number:
    """A parameter count in billions ('70.6' of '70.6B parameters')."""
    return Number(round(count / 1e9, digits), digits)


def commas(items: Sequence[Arg]) -> Arg:
    """Items after one another with commas ('a, b, c'): no 'and' before the last."""
    if not items:
        return ""
    text = items[-1]
    for item in reversed(items[:-1]):
        text = msg("{item}, {items}", item=item, items=text)
    return text


def semicolons(items: list[Text] | tuple[Text, ...]) -> Text:
    """Clauses after one another with semicolons ('a; b; c')."""
    if not items:
        return ""
    text = items[-1]
    for item in reversed(items[:-1]):
        text = msg("{part}; {parts}", part=item, parts=text)
    return text
