"""`llmplan store`: where the database file is and what it holds, backups, and the way out
when it cannot be opened."""

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from core.cli.shared import EXIT_OK, db_parent, json_text, open_store
from core.errors import InputError
from core.store.files import ENV_DB, backups, default_db_path, restore_latest_backup

ENV_TEAM = "LLMPLAN_TEAM_DB"
TEAM_SETTING = "team_database"


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
    sync = commands.add_parser(
        "sync", help="exchange catalog versions and scenarios with the team database")
    sync.add_argument("--db", metavar="PATH",
                      help=f"this computer's database file (default: ${ENV_DB} when it names "
                           f"a file, else {default_db_path()})")
    sync.add_argument("--team", metavar="URL",
                      help=f"the team database, postgresql://USER@HOST/DB (default: "
                           f"${ENV_TEAM}, else the one the last sync used); remembered "
                           "without a password")
    sync.add_argument("--json", action="store_true")


def _db_path(args: argparse.Namespace) -> Path:
    """The database file a recovery command works on (a team database has none)."""
    from core.store.server import is_server_url

    if args.db and is_server_url(args.db):
        raise InputError(f"`llmplan store {args.store_command}` works on a database file; a "
                         "team database is backed up and restored by its server's "
                         "administrator (pg_dump, pg_restore)")
    return Path(args.db).expanduser() if args.db else default_db_path()


def _store_info(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        versions = store.catalog_versions()
        lines = [f"Database     {store.where}",
                 f"Schema       {store.schema_version()}",
                 f"Scenarios    {len(store.scenarios())}",
                 f"Catalogs     {len(versions)} version{'s' * (len(versions) != 1)}, the "
                 f"latest from {versions[-1].created}",
                 f"Profiles     {len(store.profiles())}",
                 f"Backups      {len(backups(store.path))} in {store.backup_folder()}"
                 if store.path else "Backups      kept by the server (pg_dump), not llmplan"]
        if store.role:
            lines.insert(1, f"Role         {store.role}")
        team = store.setting(TEAM_SETTING)
        if team:
            lines.append(f"Team         {team} (`llmplan sync`)")
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



def _sync(args: argparse.Namespace) -> int:
    import os

    from core.i18n.render import render
    from core.store.database import Store
    from core.store.server import is_server_url, refuse_password
    from core.store.sync import sync

    local_path = Path(args.db).expanduser() if args.db else default_db_path()
    if is_server_url(str(local_path)) or (args.db and is_server_url(args.db)):
        raise InputError("--db names this computer's database file for a sync; give the team "
                         "database with --team")
    with Store(local_path) as local:
        address = (args.team or os.environ.get(ENV_TEAM, "").strip()
                   or local.setting(TEAM_SETTING) or "")
        if not address:
            raise InputError(f"which team database? Give it once with --team postgresql://USER@"
                             f"HOST/DB (or set {ENV_TEAM}); it is remembered")
        if not is_server_url(address):
            raise InputError("--team must be a postgresql://USER@HOST/DATABASE address")
        remembered = ""
        if args.team:
            try:
                refuse_password(args.team, str(local_path))
                local.set_setting(TEAM_SETTING, args.team)
            except InputError as refused:
                remembered = f"Not remembered: {refused}"
        with Store(address) as team:
            report = sync(local, team)
            where = team.where
    if args.json:
        print(json_text({"local": str(local_path), "team": where, **report.to_dict()},
                        indent=2, ensure_ascii=False))
    else:
        print("\n".join([f"Synced {local_path} with {where}",
                         *(render(line, "en") for line in report.lines())]
                        + ([remembered] if remembered else [])))
    return EXIT_OK


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "info": _store_info, "backup": _store_backup, "restore-backup": _restore_backup,
    "start-fresh": _start_fresh}


def _run(args: argparse.Namespace) -> int:
    return HANDLERS[args.store_command](args)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"store": _run, "sync": _sync}
