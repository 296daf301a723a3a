"""The headless `llmplan` command. Exit 0 on success, 2 on bad input with one line saying what
is wrong; never a traceback.

Each group of subcommands lives in its own module with `add_commands` (its arguments) and
COMMANDS (its handlers): model_commands (fit, recommend), cost_commands (cost, report),
catalog_commands, scenario_commands, store_commands and probe_commands (probe, profile)."""

import argparse
import sys
from collections.abc import Sequence

from core import __version__
from core.cli import (
    catalog_commands,
    cost_commands,
    model_commands,
    probe_commands,
    scenario_commands,
    store_commands,
)
from core.cli.shared import EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK, Parser
from core.errors import InputError
from core.safe_text import TerminalWriter, one_line

GROUPS = (model_commands, cost_commands, catalog_commands, scenario_commands, store_commands,
          probe_commands)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="llmplan", description="Plan how to run a large language model.")
    parser.add_argument("--version", action="version", version=f"llmplan {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    for group in GROUPS:
        group.add_commands(commands, Parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `llmplan` console script. Everything it prints goes through
    core.safe_text.terminal: no escape sequence from a file, a server or a name reaches the
    terminal."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = TerminalWriter(out), TerminalWriter(err)
    try:
        return _run(argv)
    finally:
        sys.stdout, sys.stderr = out, err


def _run(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    handlers = {name: handler for group in GROUPS for name, handler in group.COMMANDS.items()}
    try:
        return handlers[args.command](args)
    except InputError as error:
        print(f"llmplan: error: {one_line(str(error))}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the output's reader went away (`llmplan ... | head`)
        sys.stderr.close()
        return EXIT_OK
    except Exception as error:
        print(f"llmplan: internal error: {type(error).__name__}: {one_line(str(error))}",
              file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
