"""`llmplan catalog`, `llmplan scenario` and `llmplan store`: the price catalog, saved scenarios
and the database file, from the command line."""

import argparse
import json
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from core.costing.plan import calculate, price_dates
from core.costing.plan_text import format_plan
from core.costing.results import Plan
from core.costing.scenario import Scenario, load_scenario, scenario_to_dict
from core.errors import InputError
from core.hardware.gpus import gpu_catalog
from core.model.spec import model_catalog
from core.pricing.catalog import (
    DEFAULT_MAX_AGE_DAYS,
    KINDS,
    Change,
    PriceCatalog,
    Staleness,
    catalog_to_dict,
    diff_catalogs,
    price_age_days,
    staleness,
)
from core.pricing.importers import EXPORTERS, FORMATS, ImportResult, read_price_file
from core.store.database import (
    ENV_DB,
    Store,
    backups,
    default_db_path,
    restore_latest_backup,
    start_fresh,
)

EXIT_OK = 0


def _store(args: argparse.Namespace) -> Store:
    return Store(args.db)


def db_parent() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--db", metavar="PATH",
                        help=f"database file (default: ${ENV_DB} or {default_db_path()})")
    return parent


def _age_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--max-price-age", type=int, default=DEFAULT_MAX_AGE_DAYS,
                        metavar="DAYS", help="warn about prices older than this "
                                             f"(default {DEFAULT_MAX_AGE_DAYS} days)")


def add_commands(commands: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    """Register the catalog, scenario and store subcommands."""
    db = db_parent()
    catalog = commands.add_parser("catalog", help="models, GPUs and the price catalog")
    sub = catalog.add_subparsers(dest="catalog_command", required=True, parser_class=parser_class)
    listing = sub.add_parser("list", parents=[db], help="list models, GPUs, prices, versions")
    listing.add_argument("--kind", choices=("models", "gpus", *KINDS, "versions"),
                         help="only this kind (prices: api, cloud, energy, hardware)")
    listing.add_argument("--version", type=int, metavar="N", help="catalog version (latest)")
    listing.add_argument("--search", metavar="TEXT", help="only rows whose id or name holds it")
    listing.add_argument("--json", action="store_true")
    importing = sub.add_parser(
        "import", parents=[db], help="add prices from a file as a new catalog version",
        description="Import LiteLLM model_prices_and_context_window.json, a SkyPilot vms.csv, "
                    "a gpuhunt CSV, or an llmplan JSON/CSV export. The file is checked whole "
                    "first; a new catalog version holds the latest prices plus the file's.")
    importing.add_argument("file", metavar="FILE")
    importing.add_argument("--format", choices=FORMATS, help="default: from the content")
    importing.add_argument("--provider", metavar="NAME",
                           help="cloud of a vms.csv or gpuhunt file (default: folder or file "
                                "name)")
    importing.add_argument("--date", metavar="YYYY-MM-DD",
                           help="date the file's prices were true, for formats without one "
                                "(default: today)")
    importing.add_argument("--dry-run", action="store_true", help="show, store nothing")
    importing.add_argument("--json", action="store_true")
    exporting = sub.add_parser("export", parents=[db], help="write a catalog version to a file")
    exporting.add_argument("-o", "--output", required=True, metavar="FILE",
                           help="*.json or *.csv ('-' for standard output)")
    exporting.add_argument("--format", choices=tuple(EXPORTERS), help="default: from -o")
    exporting.add_argument("--version", type=int, metavar="N", help="default: the latest")
    diffing = sub.add_parser("diff", parents=[db], help="what changed between two versions")
    diffing.add_argument("old", type=int, nargs="?", metavar="OLD",
                         help="default: the one before NEW")
    diffing.add_argument("new", type=int, nargs="?", metavar="NEW", help="default: the latest")
    diffing.add_argument("--json", action="store_true")

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
    _age_option(show)
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
    move = sub.add_parser("use-catalog", parents=[db],
                          help="compute a scenario with another catalog version")
    move.add_argument("name", metavar="NAME")
    move.add_argument("version", type=int, nargs="?", metavar="N", help="default: the latest")

    store = commands.add_parser("store", help="the database file: where, backups, recovery")
    sub = store.add_subparsers(dest="store_command", required=True, parser_class=parser_class)
    sub.add_parser("info", parents=[db], help="where the database is, what it holds")
    sub.add_parser("backup", parents=[db], help="copy the database to its backups folder")
    sub.add_parser("restore-backup", parents=[db],
                   help="replace the database with its newest readable backup (the file it "
                        "replaces is kept beside it)")
    sub.add_parser("start-fresh", parents=[db],
                   help="move a database that cannot be opened aside and start a new one")


# --- catalog -------------------------------------------------------------------------------------


def _money(value: float | None, digits: int = 2) -> str:
    return "unknown" if value is None else f"{value:,.{digits}f}"


def _matches(entry: Any, search: str | None) -> bool:
    if not search:
        return True
    text = " ".join(str(v) for v in entry.__dict__.values() if v is not None).lower()
    return search.lower() in text


def format_prices(catalog: PriceCatalog, kinds: tuple[str, ...], search: str | None,
                  today: date) -> list[str]:
    """The human-readable price listing, each row with its date and source."""
    lines = []

    def age(text: str) -> str:
        days = price_age_days(text, today)
        return f"{text or 'no date'}" + (f" ({days:,} d)" if days is not None else "")

    if "api" in kinds:
        rows = [p for p in catalog.api if _matches(p, search)]
        lines.append(f"API prices per 1M tokens, input / output / cached input ({len(rows)}):")
        lines += [f"  {p.id:<44} {p.currency} {_money(p.price_in_per_m, 3):>8} / "
                  f"{_money(p.price_out_per_m, 3):>8} / {_money(p.price_cached_in_per_m, 3):>8}"
                  f"  {age(p.price_date)}  {p.source}" for p in rows]
    if "cloud" in kinds:
        instances = [c for c in catalog.cloud if _matches(c, search)]
        lines.append(f"Cloud instances, on demand per hour ({len(instances)}):")
        lines += [f"  {c.id:<44} {c.gpus}x {c.gpu:<15} {c.currency} "
                  f"{_money(c.price_per_hour, 3):>9}  {c.region:<14} {age(c.price_date)}  "
                  f"{c.source}" for c in instances]
    for kind, title, all_ranges in (("energy", "Electricity", catalog.energy),
                                    ("hardware", "Hardware and operations", catalog.hardware)):
        if kind in kinds:
            ranges = [r for r in all_ranges if _matches(r, search)]
            lines.append(f"{title} ({len(ranges)}):")
            lines += [f"  {r.id:<32} {r.currency or '':>3} {r.low:,.4g}"
                      + (f"-{r.high:,.4g}" if r.high != r.low else "")
                      + f" per {r.unit}  {age(r.price_date)}  {r.label}; {r.source}"
                      for r in ranges]
    return lines


def _list_catalog(args: argparse.Namespace) -> int:
    kinds = (args.kind,) if args.kind else ("models", "gpus", *KINDS)
    result: dict[str, Any] = {}
    lines: list[str] = []
    if "models" in kinds:
        result["models"] = [m.summary() for m in model_catalog() if _matches(m, args.search)]
        lines.append("Models (Hugging Face id, parameters, active, max context, shipped as):")
        lines += [f"  {m.id:<46} {m.total_params / 1e9:>8.2f}B {m.active_params / 1e9:>7.2f}B "
                  f"{m.max_context:>10,} tokens  {m.shipped.label}"
                  + ("" if m.exact else "  (estimate)")
                  for m in model_catalog() if _matches(m, args.search)]
    if "gpus" in kinds:
        result["gpus"] = [g.__dict__ for g in gpu_catalog() if _matches(g, args.search)]
        lines.append("GPUs (id, name, memory, bandwidth, price):")
        for gpu in gpu_catalog():
            if _matches(gpu, args.search):
                price = (f"${gpu.price_usd:,.0f} ({gpu.price_date})" if gpu.price_usd
                         else "unknown")
                lines.append(f"  {gpu.id:<16} {gpu.name:<20} {gpu.memory_gb:>5g} GB "
                             f"{gpu.bandwidth_gbps:>6,.0f} GB/s  {price}")
    price_kinds = tuple(k for k in kinds if k in KINDS)
    if price_kinds or "versions" in kinds:
        with _store(args) as store:
            versions = store.catalog_versions()
            number = args.version or versions[-1].version
            catalog = store.catalog(number)
        if "versions" in kinds:
            result["versions"] = [v.__dict__ for v in versions]
            lines.append(f"Catalog versions in {store.path}:")
            lines += [f"  {v.version:>4}  {v.created}  {v.origin}"
                      + (f"; {v.note}" if v.note else "") for v in versions]
        if price_kinds:
            document = catalog_to_dict(catalog)
            result["catalog_version"] = number
            result["prices"] = {key: document[key] for key in document
                                if key not in ("format", "version")}
            lines.append(f"Price catalog version {number} of {len(versions)}, exchange rates "
                         f"per EUR {', '.join(f'{c} {r:g}' for c, r in catalog.rates.items())} "
                         f"({catalog.rates_source}, {catalog.rates_date}):")
            lines += format_prices(catalog, price_kinds, args.search, date.today())
    print(json.dumps(result, indent=2, default=list, ensure_ascii=False) if args.json
          else "\n".join(lines))
    return EXIT_OK


def _change_line(change: Change) -> str:
    line = f"  {change.change:<8} {change.kind:<8} {change.id}"
    if change.fields:
        line += ": " + ", ".join(f"{name} {old!r} -> {new!r}" for name, old, new in change.fields)
    return line


def _change_json(change: Change) -> dict[str, Any]:
    return {"kind": change.kind, "id": change.id, "change": change.change,
            "fields": [{"field": f, "old": o, "new": n} for f, o, n in change.fields]}


def _counts(changes: tuple[Change, ...]) -> str:
    counts = {kind: sum(1 for c in changes if c.change == kind)
              for kind in ("added", "changed", "removed")}
    return ", ".join(f"{n:,} {kind}" for kind, n in counts.items())


def _import_report(result: ImportResult) -> list[str]:
    lines = [f"{result.origin} ({result.format}): {result.taken:,} rows taken, "
             f"{len(result.skipped):,} skipped"]
    for reason, count, example in result.skip_summary():
        lines.append(f"  skipped {count:,} x {reason} (e.g. {example.where}: {example.reason})")
    return lines


def _import_catalog(args: argparse.Namespace) -> int:
    result = read_price_file(args.file, format=args.format, price_date=args.date,
                             provider=args.provider)
    if result.taken == 0:
        reasons = "; ".join(f"{count:,} x {reason}" for reason, count, _ in result.skip_summary())
        raise InputError(f"{result.origin}: no usable price in it ({reasons or 'no rows'})")
    with _store(args) as store:
        outcome = store.import_prices(result, dry_run=args.dry_run)
        changes, version = outcome.changes, outcome.version
    if args.json:
        print(json.dumps({
            "format": result.format, "taken": result.taken,
            "skipped": [{"where": s.where, "reason": s.reason} for s in result.skipped],
            "version": version.version if version else None, "dry_run": args.dry_run,
            "changes": [_change_json(c) for c in changes]}, indent=2, ensure_ascii=False))
        return EXIT_OK
    lines = _import_report(result)
    if not changes:
        lines.append("Nothing changed: every price in the file is in the catalog already; no "
                     "version added.")
    else:
        head = ("Would add a catalog version" if args.dry_run
                else f"Catalog version {version.version if version else '?'} added")
        lines.append(f"{head}: {_counts(changes)}")
        lines += [_change_line(c) for c in changes[:20]]
        if len(changes) > 20:
            lines.append(f"  ... {len(changes) - 20:,} more (`llmplan catalog diff`)")
        if not args.dry_run:
            lines.append("Saved scenarios keep the version they were computed with; move one "
                         "with `llmplan scenario use-catalog NAME`.")
    print("\n".join(lines))
    return EXIT_OK


def write_atomically(path: Path, content: str | bytes) -> None:
    """Write a file whole or not at all (a temporary file, then a rename); text as UTF-8.

    Raises:
        InputError: the file cannot be written.
    """
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        os.replace(partial, path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise InputError(f"cannot write {path}: {error.strerror or error}") from None


def _export_catalog(args: argparse.Namespace) -> int:
    fmt = args.format or ("csv" if args.output.lower().endswith(".csv") else "json")
    with _store(args) as store:
        number = args.version or store.latest_catalog_version()
        text = EXPORTERS[fmt](store.catalog(number))
    if args.output == "-":
        print(text, end="")
    else:
        write_atomically(Path(args.output), text)
        print(f"Catalog version {number} written to {args.output} ({fmt})")
    return EXIT_OK


def _diff_catalog(args: argparse.Namespace) -> int:
    with _store(args) as store:
        versions = [v.version for v in store.catalog_versions()]
        new = args.new or versions[-1]
        old = args.old or max((v for v in versions if v < new), default=new)
        changes = diff_catalogs(store.catalog(old), store.catalog(new))
    if args.json:
        print(json.dumps({"old": old, "new": new, "changes": [_change_json(c) for c in changes]},
                         indent=2, ensure_ascii=False))
    else:
        print("\n".join([f"Catalog version {old} -> {new}: {_counts(changes)}"]
                        + [_change_line(c) for c in changes]))
    return EXIT_OK


# --- scenarios -----------------------------------------------------------------------------------


def _list_scenarios(args: argparse.Namespace) -> int:
    with _store(args) as store:
        infos = store.scenarios()
    if args.json:
        print(json.dumps([i.__dict__ for i in infos], indent=2, ensure_ascii=False))
    elif not infos:
        print(f"No saved scenarios in {store.path}; add one with `llmplan scenario import FILE`")
    else:
        print(f"{'name':<52} {'rev':>4}  {'saved':<25} catalog")
        print("\n".join(f"{i.name:<52} {i.revision:>4}  {i.updated:<25} v{i.catalog_version}"
                        for i in infos))
    return EXIT_OK


def scenario_staleness(scenario: Scenario, catalog: PriceCatalog, max_age_days: int,
                       today: date | None = None) -> tuple[Plan, Staleness]:
    """The plan of a scenario and the age of the prices behind it."""
    plan = calculate(scenario, catalog)
    return plan, staleness(price_dates(plan, scenario, catalog), today or date.today(),
                           max_age_days)


def price_ages_json(ages: Staleness) -> dict[str, Any]:
    """The `price_ages` object of `cost --json` and `scenario show --json`."""
    return {"max_age_days": ages.max_age_days, "warning": ages.warning(),
            "prices": [{"label": p.label, "price_date": p.price_date, "age_days": p.age_days}
                       for p in ages.prices]}


def format_staleness(ages: Staleness) -> list[str]:
    oldest = ages.oldest
    lines = []
    if oldest is not None:
        lines.append(f"Prices: the oldest is {oldest.label}, dated {oldest.price_date} "
                     f"({oldest.age_days:,} days old).")
    warning = ages.warning()
    if warning:
        lines.append(f"WARNING: {warning}")
    return lines


def _show_scenario(args: argparse.Namespace) -> int:
    with _store(args) as store:
        stored = store.load_scenario(args.name, args.revision)
        version = stored.catalog_version or store.latest_catalog_version()
        catalog = store.catalog(version)
        latest = store.latest_catalog_version()
    plan, ages = scenario_staleness(stored.scenario, catalog, args.max_price_age)
    head = (f"Scenario '{stored.info.name}', revision {stored.revision} of "
            f"{stored.info.revision}, computed with catalog version {version}"
            + (f" (version {latest} is newer: `llmplan scenario use-catalog`)"
               if latest != version else ""))
    if args.json:
        document = plan.to_json()
        document["stored"] = {"name": stored.info.name, "revision": stored.revision,
                              "latest_revision": stored.info.revision,
                              "catalog_version": version, "latest_catalog_version": latest}
        document["price_ages"] = price_ages_json(ages)
        print(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        print("\n".join([head, format_plan(plan), *format_staleness(ages)]))
    return EXIT_OK


def _export_scenario(args: argparse.Namespace) -> int:
    with _store(args) as store:
        stored = store.load_scenario(args.name, args.revision)
    text = json.dumps(scenario_to_dict(stored.scenario), indent=2, ensure_ascii=False) + "\n"
    write_atomically(Path(args.output), text)
    print(f"Scenario '{stored.info.name}' revision {stored.revision} written to {args.output}")
    return EXIT_OK


def _import_scenario(args: argparse.Namespace) -> int:
    scenario = load_scenario(args.file)
    name = args.name or scenario.name
    with _store(args) as store:
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
    with _store(args) as store:
        revisions = store.revisions(args.name)
    print("\n".join(f"  {r.revision:>4}  {r.saved_at}  catalog v{r.catalog_version}"
                    + (f"  {r.note}" if r.note else "") for r in revisions))
    return EXIT_OK


def _restore(args: argparse.Namespace) -> int:
    with _store(args) as store:
        current = store.load_scenario(args.name).info.revision
        info = store.restore_revision(args.name, args.revision, current)
    print(f"Revision {args.revision} of '{info.name}' is now revision {info.revision}")
    return EXIT_OK


def _use_catalog(args: argparse.Namespace) -> int:
    with _store(args) as store:
        info = store.move_scenario_catalog(args.name, args.version)
    print(f"'{info.name}' is computed with catalog version {info.catalog_version} from "
          f"revision {info.revision} on")
    return EXIT_OK


# --- the database file ---------------------------------------------------------------------------


def _db_path(args: argparse.Namespace) -> Path:
    return Path(args.db).expanduser() if args.db else default_db_path()


def _store_info(args: argparse.Namespace) -> int:
    with _store(args) as store:
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
    with _store(args) as store:
        print(f"Backup written to {store.backup('manual')}")
    return EXIT_OK


def _restore_backup(args: argparse.Namespace) -> int:
    used, aside = restore_latest_backup(_db_path(args))
    print(f"Restored {used}" + (f"; the file it replaced is kept as {aside}" if aside else ""))
    return EXIT_OK


def _start_fresh(args: argparse.Namespace) -> int:
    aside = start_fresh(_db_path(args))
    print(f"Started a new database at {_db_path(args)}"
          + (f"; the old file is kept as {aside}" if aside else ""))
    return EXIT_OK


HANDLERS: dict[tuple[str, str], Callable[[argparse.Namespace], int]] = {
    ("catalog", "list"): _list_catalog, ("catalog", "import"): _import_catalog,
    ("catalog", "export"): _export_catalog, ("catalog", "diff"): _diff_catalog,
    ("scenario", "list"): _list_scenarios, ("scenario", "show"): _show_scenario,
    ("scenario", "export"): _export_scenario, ("scenario", "import"): _import_scenario,
    ("scenario", "history"): _history, ("scenario", "restore"): _restore,
    ("scenario", "use-catalog"): _use_catalog,
    ("store", "info"): _store_info, ("store", "backup"): _store_backup,
    ("store", "restore-backup"): _restore_backup, ("store", "start-fresh"): _start_fresh,
}


def run(args: argparse.Namespace) -> int:
    sub = getattr(args, f"{args.command}_command")
    return HANDLERS[(args.command, sub)](args)
