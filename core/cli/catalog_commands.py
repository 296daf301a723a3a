"""`llmplan catalog`: list the models, GPUs and prices the planner knows, import price files
as new catalog versions, export a version, and show what changed between two."""

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from core.cli.shared import (
    EXIT_OK,
    db_parent,
    json_text,
    open_store,
    price_date_arg,
)
from core.errors import InputError
from core.files import write_atomically
from core.hardware.gpus import gpu_catalog
from core.model.spec import model_catalog
from core.pricing.ages import price_age_days
from core.pricing.catalog import (
    DOCUMENT_KEYS,
    KINDS,
    ApiPrice,
    Change,
    PriceCatalog,
    catalog_to_dict,
    diff_catalogs,
    entries,
)
from core.pricing.importers import EXPORTERS, FORMATS, ImportResult, read_price_file


def add_commands(commands: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    """Register catalog list, import, export and diff."""
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
    importing.add_argument("--date", metavar="YYYY-MM-DD", type=price_date_arg,
                           help="date the file's prices were true, for formats without one "
                                "(default: none; such rows are listed as undated)")
    importing.add_argument("--replace", action="store_true",
                           help="drop rows that price the same model (provider and model) or "
                                "instance (provider, instance and region) under another id")
    importing.add_argument("--retire", action="store_true",
                           help="mark the API rows of the file's providers that it no longer "
                                "lists as retired (kept for old plans, never recommended)")
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


def _money(value: float | None, digits: int = 2) -> str:
    return "unknown" if value is None else f"{value:,.{digits}f}"


def _matches(entry: Any, search: str | None) -> bool:
    if not search:
        return True
    text = " ".join(str(v) for v in entry.__dict__.values() if v is not None).lower()
    return search.lower() in text


def _api_details(price: ApiPrice) -> list[str]:
    """The second lines of an API price: cache writes, batch, long context, fine-tuned
    prices, announced changes, prices by the hour."""
    parts = []
    if price.price_cache_write_per_m is not None:
        parts.append(f"cache write {_money(price.price_cache_write_per_m, 3)}")
    if price.batch_discount:
        parts.append(f"batch {price.batch_discount:.0%} off")
    if price.long_context_threshold:
        parts.append(f"above {price.long_context_threshold:,.0f} prompt tokens "
                     f"{_money(price.price_in_long_per_m, 3)} / "
                     f"{_money(price.price_out_long_per_m, 3)}")
    if price.price_in_finetuned_per_m is not None or price.price_out_finetuned_per_m is not None:
        parts.append(f"fine-tuned {_money(price.price_in_finetuned_per_m, 3)} / "
                     f"{_money(price.price_out_finetuned_per_m, 3)}")
    details = ["; ".join(parts)] if parts else []
    details += [f"from {c.start}: {_money(c.price_in_per_m, 3)} / "
                f"{_money(c.price_out_per_m, 3)} (announced)" for c in price.scheduled]
    if price.time_of_day:
        details.append("by the hour (UTC): " + "; ".join(
            f"{w.start_utc}-{w.end_utc} {_money(w.price_in_per_m, 3)} / "
            f"{_money(w.price_out_per_m, 3)}" for w in price.time_of_day))
    return details


def format_prices(catalog: PriceCatalog, kinds: tuple[str, ...], search: str | None,
                  today: date) -> list[str]:
    """The human-readable price listing, each row with its date and source."""
    lines = []

    def age(text: str) -> str:
        days = price_age_days(text, today)
        return f"{text or 'no date'}" + (f" ({days:,} d)" if days is not None else "")

    if "api" in kinds:
        rows = [p for p in catalog.api if _matches(p, search)]
        for title, chosen in (("", [p for p in rows if not (p.deprecated or p.retired)]),
                              (", deprecated by their provider",
                               [p for p in rows if p.deprecated and not p.retired]),
                              (", retired (kept for old plans, never recommended)",
                               [p for p in rows if p.retired])):
            if not chosen and title:
                continue
            lines.append(f"API prices per 1M tokens, input / output / cached input{title} "
                         f"({len(chosen)}):")
            for p in chosen:
                lines.append(f"  {p.id:<44} {p.currency} {_money(p.price_in_per_m, 3):>8} / "
                             f"{_money(p.price_out_per_m, 3):>8} / "
                             f"{_money(p.price_cached_in_per_m, 3):>8}  {age(p.price_date)}  "
                             f"{p.source}")
                lines += [f"      {detail}" for detail in _api_details(p)]
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
        shown = [gpu for gpu in gpu_catalog() if _matches(gpu, args.search)]
        width_id = max((len(gpu.id) for gpu in shown), default=0)
        width_name = max((len(gpu.name) for gpu in shown), default=0)
        for gpu in shown:
            price = (f"${gpu.price_usd:,.0f} ({gpu.price_date})" if gpu.price_usd
                     else "unknown")
            lines.append(f"  {gpu.id:<{width_id}} {gpu.name:<{width_name}} "
                         f"{gpu.memory_gb:>5g} GB {gpu.bandwidth_gbps:>6,.0f} GB/s  {price}")
    price_kinds = tuple(k for k in kinds if k in KINDS)
    if price_kinds or "versions" in kinds:
        with open_store(args) as store:
            versions = store.catalog_versions()
            number = args.version or versions[-1].version
            catalog = store.catalog(number)
        if "versions" in kinds:
            result["versions"] = [v.__dict__ for v in versions]
            lines.append(f"Catalog versions in {store.where}:")
            lines += [f"  {v.version:>4}  {v.created}  {v.origin}"
                      + (f"; {v.note}" if v.note else "") for v in versions]
        if price_kinds:
            document = catalog_to_dict(catalog)
            result["catalog_version"] = number
            # the rows of the kinds asked for that match --search, as the text lists them
            wanted = {kind: {e.id for e in entries(catalog, kind) if _matches(e, args.search)}
                      for kind in price_kinds}
            result["prices"] = {key: document[key] for key in document
                                if key not in ("format", "version", *DOCUMENT_KEYS.values())}
            for kind, ids in wanted.items():
                result["prices"][DOCUMENT_KEYS[kind]] = [
                    row for row in document[DOCUMENT_KEYS[kind]] if row["id"] in ids]
            lines.append(f"Price catalog version {number} of {len(versions)}, exchange rates "
                         f"per EUR {', '.join(f'{c} {r:g}' for c, r in catalog.rates.items())} "
                         f"({catalog.rates_source}, {catalog.rates_date}):")
            lines += format_prices(catalog, price_kinds, args.search, date.today())
    print(json_text(result, indent=2, default=list, ensure_ascii=False) if args.json
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
    with open_store(args) as store:
        outcome = store.import_prices(result, dry_run=args.dry_run, retire=args.retire,
                                      replace_same=args.replace)
        changes, version = outcome.changes, outcome.version
    if args.json:
        print(json_text({
            "format": result.format, "taken": result.taken,
            "skipped": [{"where": s.where, "reason": s.reason} for s in result.skipped],
            "version": version.version if version else None, "dry_run": args.dry_run,
            "changes": [_change_json(c) for c in changes]}, indent=2, ensure_ascii=False))
        return EXIT_OK
    lines = _import_report(result)
    if result.undated:
        lines.append(f"{result.undated:,} rows have no date (the file gives none): they are listed "
                     "as undated; import again with --date YYYY-MM-DD, the day the file was "
                     "made, to date them.")
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



def _export_catalog(args: argparse.Namespace) -> int:
    fmt = args.format or ("csv" if args.output.lower().endswith(".csv") else "json")
    with open_store(args) as store:
        number = args.version or store.latest_catalog_version()
        text = EXPORTERS[fmt](store.catalog(number))
    if args.output == "-":
        print(text, end="")
    else:
        write_atomically(Path(args.output), text)
        print(f"Catalog version {number} written to {args.output} ({fmt})")
    return EXIT_OK


def _diff_catalog(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        versions = [v.version for v in store.catalog_versions()]
        new = args.new or versions[-1]
        old = args.old or max((v for v in versions if v < new), default=new)
        changes = diff_catalogs(store.catalog(old), store.catalog(new))
    if args.json:
        print(json_text({"old": old, "new": new, "changes": [_change_json(c) for c in changes]},
                         indent=2, ensure_ascii=False))
    else:
        print("\n".join([f"Catalog version {old} -> {new}: {_counts(changes)}"]
                        + [_change_line(c) for c in changes]))
    return EXIT_OK



HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "list": _list_catalog, "import": _import_catalog, "export": _export_catalog,
    "diff": _diff_catalog}


def _run(args: argparse.Namespace) -> int:
    return HANDLERS[args.catalog_command](args)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"catalog": _run}
