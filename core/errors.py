"""Typed errors that the CLI and the GUI turn into one readable line."""

from typing import Any

from core.i18n.message import Text


class InputError(ValueError):
    """Bad user input: the message names what is wrong and what is accepted.

    `message` is the refusal as given (a core.i18n message, rendered in the GUI's language, or
    text shown as given); `str(error)` is its English sentence (the CLI's one-line refusal)."""

    def __init__(self, message: Text = ""):
        super().__init__(str(message))
        self.message: Text = message

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.message,)
