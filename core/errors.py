"""Typed errors that the CLI and the GUI turn into one readable line."""


class InputError(ValueError):
    """Bad user input: the message names what is wrong and what is accepted."""
