"""A message and its typed arguments. English is the message id itself, so `str(message)` is
the English sentence; `core.i18n.render` gives any language.

The classes are slotted, hashable dataclasses, treated as immutable: a plan builds thousands of
messages while it sweeps volumes and inputs, and frozen dataclasses took twice as long to make."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date


@dataclass(slots=True, unsafe_hash=True)
class Money:
    """An amount in a currency ('EUR'); None is a price nobody knows."""

    amount: float | None
    currency: str
    digits: int = 0


@dataclass(slots=True, unsafe_hash=True)
class Count:
    """A whole number of things; the argument that chooses a plural form."""

    value: int


@dataclass(slots=True, unsafe_hash=True)
class Number:
    """A figure with a fixed number of decimals, grouped for the locale."""

    value: float
    digits: int = 0


@dataclass(slots=True, unsafe_hash=True)
class Given:
    """A figure as a person gave it: in English as Python's `:g` writes it (12, 0.5, 1e+308),
    with six significant digits, in other languages in the locale's format (0,5)."""

    value: float


@dataclass(slots=True, unsafe_hash=True)
class Share:
    """A fraction shown as a percentage: 0.3 is '30%' in English, '30 %' in German."""

    value: float
    digits: int = 0


@dataclass(slots=True, unsafe_hash=True)
class Quantity:
    """A figure with its unit ('42.3 GiB', '15.0 tokens/s'); the unit is translated."""

    value: float
    unit: str
    digits: int = 1


@dataclass(slots=True, unsafe_hash=True)
class Day:
    """A date, or a price date known only to the month ('2026-12') or year ('2024')."""

    value: date | str


@dataclass(slots=True, unsafe_hash=True)
class Name:
    """Text shown as given: an option's or model's name, a file, an id."""

    text: str


@dataclass(slots=True, unsafe_hash=True)
class Term:
    """A word or label the program defines ('Cloud GPUs', 'Data control'), translated."""

    text: str


@dataclass(slots=True, unsafe_hash=True)
class Join:
    """Items as a list in words: 'a, b and c' / 'a, b und c'."""

    items: tuple[Arg, ...]


@dataclass(slots=True, unsafe_hash=True)
class Message:
    """A sentence by its English id ('{option} carries {share} of the load') and arguments.

    plural: the English plural form when the sentence depends on a count; `count` names the
    argument (a Count or int) that chooses between them."""

    id: str
    args: tuple[tuple[str, Arg], ...] = ()
    plural: str | None = None
    count: str = "n"

    def __str__(self) -> str:
        from core.i18n.render import render
        return render(self, "en")

    def arg(self, name: str) -> Arg:
        return dict(self.args)[name]


# Set while a figure is computed whose words nobody reads (a cost at one volume of a sweep):
# msg() and nmsg() then return UNSAID instead of building a message.
_QUIET: ContextVar[bool] = ContextVar("quiet", default=False)
UNSAID = Message("")


@contextmanager
def quiet() -> Iterator[None]:
    """Within: messages are not built (the figures computed are the same)."""
    token = _QUIET.set(True)
    try:
        yield
    finally:
        _QUIET.reset(token)


def silent() -> bool:
    """Within quiet(): a helper that only builds a message's argument may skip the work."""
    return _QUIET.get()


def msg(id: str, **args: Arg) -> Message:
    """A message: msg('{option} has no price', option=Name(name))."""
    if _QUIET.get():
        return UNSAID
    return Message(id, tuple(args.items()) if args else ())


def nmsg(singular: str, plural: str, **args: Arg) -> Message:
    """A message with a plural form chosen by the argument `n`:
    nmsg('{n} server', '{n} servers', n=Count(3))."""
    if _QUIET.get():
        return UNSAID
    return Message(singular, tuple(args.items()), plural=plural)


def term(text: str) -> Term:
    """A program-defined word or label to translate where it is shown."""
    return Term(text)


def join(items: list[Arg] | tuple[Arg, ...]) -> Join:
    return Join(tuple(items))


# What a message may carry: a plain str is shown as given, a plain int is a Count.
Arg = (Message | Money | Count | Number | Given | Share | Quantity | Day | Name | Term | Join | str
       | int)
# A sentence or label as results carry it: a message, or text shown as given.
Text = Message | str
