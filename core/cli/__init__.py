"""The headless `llmplan` command (commands: the parser and main); each group of subcommands
in its module: model_commands (fit, recommend), cost_commands (cost, report), catalog_commands,
scenario_commands, store_commands, probe_commands (probe, profile); shared: what they share."""

from core.cli.commands import main

__all__ = ["main"]
