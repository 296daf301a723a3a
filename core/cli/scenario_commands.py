"""`llmplan scenario`: saved scenarios, their plans with the age of their prices, their
history, and moving them to another catalog version."""

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from core.cli.shared import (
    EXIT_OK,
    age_option,
    db_parent,
    format_staleness,
    json_text,
    language_option,
    open_store,
    price_ages_json,
    scenario_staleness,
)
from core.costing.plan_text import format_plan
from core.costing.scenario import load_scenario, scenario_to_dict
from core.errors import InputError
from core.files import write_atomically
from core.i18n.message import Arg, Count, Name, msg
from core.i18n.render import render


def add_commands(commands: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    """Register the scenario subcommands."""
    db = db_parent()
    scenario = commands.add_parser("scenario", help="saved scenarios")
    sub = scenario.add_subparsers(dest="scenario_command", required=True,
                                  parser_class=parser_class)
    sub.add_parser("list", parents=[db], help="saved scenarios").add_argument(
        "--json", action="store_true")
    show = sub.add_parser("show", parents=[db],
                          help="a saved scenario's plan, with the age of its prices")
    show.add_argument("name", metavar="NAME")
    show.add_argument("--revision", type=int, metavar="N")
    show.add_argument("--json", action="store_true")
    language_option(show)
    age_option(show)
    export = sub.add_parser("export", parents=[db], help="write a saved scenario to a file")
    export.add_argument("name", metavar="NAME")
    export.add_argument("-o", "--output", required=True, metavar="FILE")
    export.add_argument("--revision", type=int, metavar="N")
    imported = sub.add_parser("import", parents=[db], help="save a scenario file in the store")
    imported.add_argument("file", metavar="FILE")
    imported.add_argument("--name", help="save under this name (default: the file's)")
    imported.add_argument("--replace", action="store_true",
                          help="add it as a new revision of a scenario of that name")
    history = sub.add_parser("history", parents=[db], help="a scenario's revisions")
    history.add_argument("name", metavar="NAME")
    restore = sub.add_parser("restore", parents=[db],
                             help="make an old revision the newest again")
    restore.add_argument("name", metavar="NAME")
    restore.add_argument("revision", type=int, metavar="REVISION")
    rename = sub.add_parser("rename", parents=[db],
                            help="give a saved scenario another name (its history moves too)")
    rename.add_argument("name", metavar="NAME")
    rename.add_argument("new_name", metavar="NEW_NAME")
    move = sub.add_parser("use-catalog", parents=[db],
                          help="compute a scenario with another catalog version")
    move.add_argument("name", metavar="NAME")
    move.add_argument("version", type=int, nargs="?", metavar="N", help="default: the latest")


def _list_scenarios(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        infos = store.scenarios()
    if args.json:
        print(json_text([i.__dict__ for i in infos], indent=2, ensure_ascii=False))
    elif not infos:
        print(f"No saved scenarios in {store.where}; add one with "
              "`llmplan scenario import FILE`")
    else:
        print(f"{'name':<52} {'rev':>4}  {'saved':<25} catalog")
        print("\n".join(f"{i.name:<52} {i.revision:>4}  {i.updated:<25} v{i.catalog_version}"
                        for i in infos))
    return EXIT_OK



def _show_scenario(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        stored = store.load_scenario(args.name, args.revision)
        version = stored.catalog_version or store.latest_catalog_version()
        catalog = store.catalog(version)
        latest = store.latest_catalog_version()
    plan, ages = scenario_staleness(stored.scenario, catalog, args.max_price_age)
    said: dict[str, Arg] = {"name": Name(stored.info.name), "revision": Count(stored.revision),
                            "latest": Count(stored.info.revision), "version": Count(version)}
    head = render(msg("Scenario '{name}', revision {revision} of {latest}, computed with "
                      "catalog version {version}", **said) if latest == version else
                  msg("Scenario '{name}', revision {revision} of {latest}, computed with "
                      "catalog version {version} (version {newer} is newer: `llmplan scenario "
                      "use-catalog`)", newer=Count(latest), **said), args.language)
    if args.json:
        document = plan.to_json()
        document["stored"] = {"name": stored.info.name, "revision": stored.revision,
                              "latest_revision": stored.info.revision,
                              "catalog_version": version, "latest_catalog_version": latest}
        document["price_ages"] = price_ages_json(ages)
        print(json_text(document, indent=2, ensure_ascii=False))
    else:
        print("\n".join([head, format_plan(plan, args.language),
                         *format_staleness(ages, args.language)]))
    return EXIT_OK


def _export_scenario(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        stored = store.load_scenario(args.name, args.revision)
    text = json_text(scenario_to_dict(stored.scenario), indent=2, ensure_ascii=False) + "\n"
    write_atomically(Path(args.output), text)
    print(f"Scenario '{stored.info.name}' revision {stored.revision} written to {args.output}")
    return EXIT_OK


def _import_scenario(args: argparse.Namespace) -> int:
    scenario = load_scenario(args.file)
    name = args.name or scenario.name
    with open_store(args) as store:
        existing = {i.name: i for i in store.scenarios()}.get(name)
        if existing and not args.replace:
            raise InputError(f"a scenario named '{name}' is saved already (revision "
                             f"{existing.revision}); add --replace to save the file as its "
                             "next revision, or --name to save it under another name")
        info = store.save_scenario(scenario, existing.revision if existing else None, name=name,
                                   note=f"imported from {Path(args.file).name}")
    print(f"Saved '{info.name}' as revision {info.revision} (catalog version "
          f"{info.catalog_version})")
    return EXIT_OK


def _history(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        revisions = store.revisions(args.name)
    print("\n".join(f"  {r.revision:>4}  {r.saved_at}  catalog v{r.catalog_version}"
                    + (f"  by {r.author}" if r.author else "")
                    + (f"  {r.note}" if r.note else "") for r in revisions))
    return EXIT_OK


def _restore(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        current = store.load_scenario(args.name).info.revision
        info = store.restore_revision(args.name, args.revision, current)
    print(f"Revision {args.revision} of '{info.name}' is now revision {info.revision}")
    return EXIT_OK


def _rename(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        current = store.load_scenario(args.name).info.revision
        info = store.rename_scenario(args.name, args.new_name, current)
    print(f"'{args.name}' is now '{info.name}' (revision {info.revision}; its history moved "
          "with it)")
    return EXIT_OK


def _use_catalog(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        info = store.move_scenario_catalog(args.name, args.version)
    print(f"'{info.name}' is computed with catalog version {info.catalog_version} from "
          f"revision {info.revision} on")
    return EXIT_OK



HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "list": _list_scenarios, "show": _show_scenario, "export": _export_scenario,
    "import": _import_scenario, "history": _history, "restore": _restore,
    "rename": _rename, "use-catalog": _use_catalog}


def _run(args: argparse.Namespace) -> int:
    return HANDLERS[args.scenario_command](args)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"scenario": _run}
