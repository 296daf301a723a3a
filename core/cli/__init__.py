"""The headless `llmplan` command: fit, recommend, cost and report (commands), the catalog,
scenario and store commands (store_commands), probing and profiles (probe_commands)."""

from core.cli.commands import main

__all__ = ["main"]
