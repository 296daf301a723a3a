"""`llmplan store`: where the database file is and what it holds, backups, and the way out
when it cannot be opened."""

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from core.cli.shared import EXIT_OK, db_parent, open_store
from core.store.files import backups, default_db_path, restore_latest_backup


def add_commands(commands: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    """Register the store subcommands."""
    db = db_parent()
    store = commands.add_parser("store", help="the database file: where, backups, recovery")
    sub = store.add_subparsers(dest="store_command", required=True, parser_class=parser_class)
    sub.add_parser("info", parents=[db], help="where the database is, what it holds")
    sub.add_parser("backup", parents=[db], help="copy the database to its backups folder")
    sub.add_parser("restore-backup", parents=[db],
                   help="replace the database with its newest readable backup (the file it "
                        "replaces is kept beside it)")
    sub.add_parser("start-fresh", parents=[db],
                   help="move a database that cannot be opened aside and start a new one")


def _db_path(args: argparse.Namespace) -> Path:
    return Path(args.db).expanduser() if args.db else default_db_path()


def _store_info(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        versions = store.catalog_versions()
        lines = [f"Database     {store.path}",
                 f"Schema       {store.schema_version()}",
                 f"Scenarios    {len(store.scenarios())}",
                 f"Catalogs     {len(versions)} versions, the latest from {versions[-1].created}",
                 f"Profiles     {len(store.profiles())}",
                 f"Backups      {len(backups(store.path))} in {store.backup_folder()}"]
    print("\n".join(lines))
    return EXIT_OK


def _store_backup(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        print(f"Backup written to {store.backup('manual')}")
    return EXIT_OK


def _restore_backup(args: argparse.Namespace) -> int:
    used, aside = restore_latest_backup(_db_path(args))
    print(f"Restored {used}" + (f"; the file it replaced is kept as {aside}" if aside else ""))
    return EXIT_OK


def _start_fresh(args: argparse.Namespace) -> int:
    from core.store.database import start_fresh

    aside = start_fresh(_db_path(args))
    print(f"Started a new database at {_db_path(args)}"
          + (f"; the old file is kept as {aside}" if aside else ""))
    return EXIT_OK



HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "info": _store_info, "backup": _store_backup, "restore-backup": _restore_backup,
    "start-fresh": _start_fresh}


def _run(args: argparse.Namespace) -> int:
    return HANDLERS[args.store_command](args)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"store": _run}
