"""The headless `llmplan` command. Exit 0 on success, 2 on bad input with one line saying what
is wrong; never a traceback."""

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import NoReturn

from core import __version__
from core.cli import probe_commands as cli_probe
from core.cli import store_commands as cli_store
from core.costing.plan import calculate
from core.costing.plan_text import format_plan
from core.costing.scenario import load_scenario
from core.errors import InputError
from core.hardware.gpus import match_gpu
from core.hardware.targets import usable_gpu
from core.model.loader import load_model_ref
from core.model.quant import ENGINES, KV_QUANTS, SHIPPED, get_quantization, quant_names
from core.pricing.catalog import DEFAULT_MAX_AGE_DAYS, default_catalog
from core.serving.fit import FitResult, fit
from core.serving.memory import FitRequest
from core.serving.placement import fit_on_profile
from core.serving.recommend import DEFAULT_MAX_QUALITY_LOSS, RecommendationTable, recommend
from core.units import GB, GiB, format_gb, format_gib

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line, exit 2 (argparse prints the whole usage by default).
        self.exit(EXIT_BAD_INPUT, f"llmplan: error: {message} (see {self.prog} --help)\n")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not allowed: give a whole number >= 1")
    return value


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"{value} is outside (0, 1]")
    return value


def _percent(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if not 0 <= value <= 1000:
        raise argparse.ArgumentTypeError(f"{value} is outside 0..1000")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="llmplan", description="Plan how to run a large language model.")
    parser.add_argument("--version", action="version", version=f"llmplan {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    fit_parser = commands.add_parser(
        "fit", help="does a model fit on GPUs, and how fast will it run",
        description="Memory plan, fit and speed of one model on one set of GPUs.")
    fit_parser.add_argument("--model", required=True, metavar="REF",
                            help="catalog id (Hugging Face id), config.json, model folder or .gguf")
    fit_parser.add_argument("--quant", metavar="Q",
                            help=f"one of: {', '.join(quant_names())} (f16 = fp16); 'shipped' "
                                 "(the default) is the checkpoint's own format, a GGUF file's "
                                 "own type")
    fit_parser.add_argument("--kv-quant", default="fp16", metavar="KV",
                            help=f"KV cache type: {', '.join(KV_QUANTS)} (default fp16)")
    fit_parser.add_argument("--context", type=_positive_int, metavar="N",
                            help="tokens of context per sequence (default 4096 or the "
                                 "model's maximum if smaller)")
    fit_parser.add_argument("--concurrency", type=_positive_int, default=1, metavar="N",
                            help="sequences served at once (default 1)")
    fit_parser.add_argument("--gpu", metavar="NAME",
                            help="catalog GPU id or name, nvidia-smi names accepted")
    fit_parser.add_argument("--gpus", type=_positive_int, metavar="N",
                            help="number of GPUs (default 1, or all of a --profile's set)")
    fit_parser.add_argument("--engine", metavar="ENGINE",
                            help=f"{' | '.join(ENGINES)} (default: llama.cpp for GGUF types, "
                                 "vllm otherwise)")
    fit_parser.add_argument("--gpu-memory-utilization", type=_share, metavar="F",
                            help="vLLM's share of GPU memory (default 0.9)")
    cli_probe.add_profile_options(fit_parser)
    fit_parser.add_argument("--json", action="store_true", help="print one JSON object")

    rec_parser = commands.add_parser(
        "recommend", help="what runs on a set of GPUs",
        description="Rank catalog models x quantizations x engines that fit on a GPU set.")
    rec_parser.add_argument("--gpu", metavar="NAME", help="catalog GPU id or name")
    rec_parser.add_argument("--gpus", type=_positive_int, metavar="N",
                            help="number of GPUs (default 1, or all of a --profile's set)")
    cli_probe.add_profile_options(rec_parser)
    rec_parser.add_argument("--context", type=_positive_int, default=4096, metavar="N")
    rec_parser.add_argument("--concurrency", type=_positive_int, default=1, metavar="N")
    rec_parser.add_argument("--max-quality-loss", type=_percent,
                            default=DEFAULT_MAX_QUALITY_LOSS, metavar="PCT",
                            help="leave out quantizations losing more perplexity than this "
                                 f"(percent, default {DEFAULT_MAX_QUALITY_LOSS:g})")
    rec_parser.add_argument("--limit", type=_positive_int, default=20, metavar="N",
                            help="rows to print (default 20; JSON prints all)")
    rec_parser.add_argument("--json", action="store_true")

    cost_parser = commands.add_parser(
        "cost", help="what a scenario costs: API vs cloud vs on-prem",
        description="Cost, break-even, payback, sensitivity and levers of a scenario file "
                    "(*.llmplan.json; examples in resources/examples/).")
    cost_parser.add_argument("file", metavar="FILE", help="scenario file")
    cost_parser.add_argument("--json", action="store_true", help="print one JSON object")
    cost_parser.add_argument("--max-price-age", type=int, default=DEFAULT_MAX_AGE_DAYS,
                             metavar="DAYS", help="warn about prices older than this "
                                                  f"(default {DEFAULT_MAX_AGE_DAYS} days)")

    report_parser = commands.add_parser(
        "report", help="the PDF proposal of a scenario",
        description="Write the PDF proposal of a scenario file: summary, requirements, costs "
                    "with charts, levers, criteria and every assumption with its source.")
    report_parser.add_argument("file", metavar="FILE", help="scenario file")
    report_parser.add_argument("-o", "--output", required=True, metavar="PDF",
                               help="where to write the PDF")
    report_parser.add_argument("--organisation", default="", help="named on the cover")
    report_parser.add_argument("--author", default="", help="named on the cover")
    report_parser.add_argument("--paper", choices=("a4", "letter"), default="a4")
    report_parser.add_argument("--language", choices=("en", "de"), default="en")
    report_parser.add_argument("--max-price-age", type=int, default=DEFAULT_MAX_AGE_DAYS,
                               metavar="DAYS", help="prices older than this are named as a "
                                                    f"risk (default {DEFAULT_MAX_AGE_DAYS} days)")

    cli_store.add_commands(commands, _Parser)
    cli_probe.add_commands(commands, _Parser)
    return parser


def _run_fit(args: argparse.Namespace) -> int:
    loaded = load_model_ref(args.model)
    quant_name = args.quant or loaded.file_quant or SHIPPED
    quant = get_quantization(quant_name)
    measured = loaded.measured if loaded.file_quant == quant.name else None
    if args.gpu and args.profile:
        raise InputError("give --gpu NAME or --profile FILE|NAME, not both")
    gpu = match_gpu(args.gpu) if args.gpu else None
    request = FitRequest(
        loaded.spec, quant.name, engine=args.engine, kv_quant=args.kv_quant,
        context=args.context, concurrency=args.concurrency, gpu=gpu, gpus=args.gpus or 1,
        measured=measured, gpu_memory_utilization=args.gpu_memory_utilization)
    profile_fit = None
    if args.profile:
        profile = cli_probe.resolve_profile(args.profile, args.db)
        profile_fit = fit_on_profile(request, profile, args.profile_gpu, args.gpus)
        result = profile_fit.result
    else:
        result = fit(request)
    if loaded.file_quant and loaded.file_quant != quant.name:
        held = (loaded.spec.shipped.label if loaded.file_quant == SHIPPED
                else loaded.file_quant)
        note = f"the files hold {held}; {quant.name} is estimated from the architecture"
        result = replace(result, notes=(note, *result.notes))
    if args.json:
        document = result.to_json()
        if profile_fit is not None:
            document["profile"] = {
                "host": profile.host.name, "taken_at": profile.taken_at,
                "gpu_set": profile_fit.target.label, "memory_basis": "free",
                "free_bytes_per_gpu": profile_fit.target.free_bytes,
                "total_bytes_per_gpu": profile_fit.target.total_bytes,
                "fits_on_total_memory": profile_fit.on_total.fits}
        print(json.dumps(document, indent=2))
    else:
        print(format_fit(result))
    return EXIT_OK


def _bytes(value: int) -> str:
    return f"{format_gb(value)} ({format_gib(value)})"


def format_fit(result: FitResult) -> str:
    """The human-readable `llmplan fit` report."""
    lines = [
        f"{result.model_id}  {result.quant} on {result.engine}, KV cache {result.kv_quant}",
        f"  architecture    {result.architecture}",
        f"  parameters      {result.params / 1e9:,.2f}B"
        + (f" ({result.active_params / 1e9:,.2f}B active)"
           if result.active_params != result.params else ""),
        f"  context         {result.context:,} tokens x {result.concurrency} concurrent",
        f"  weights         {_bytes(result.weights_bytes)}",
        f"  KV cache        {_bytes(result.kv_cache_bytes)}"
        f"  ({result.kv_bytes_per_token / 2**10:,.0f} KiB per token)",
        f"  overhead        {_bytes(result.overhead_bytes)}",
        f"  total           {_bytes(result.total_bytes)}",
    ]
    if result.gpu is None:
        lines.append("  GPUs            none given (add --gpu NAME to check the fit)")
    else:
        verdict = result.verdict
        lines.append(f"  GPUs            {result.gpus} x {result.gpu} ({result.parallelism})"
                     f", {format_gib(result.gpu_memory_bytes or 0)} each")
        headroom = format_gib(result.headroom_bytes or 0)
        lines.append(f"  verdict         {verdict}, headroom {headroom}, "
                     f"room for {result.max_kv_tokens or 0:,} KV tokens")
        lines.append(f"  GPUs needed     {result.gpus_needed or 'more than 64'}")
        if result.classifications_per_s:
            lines.append(f"  throughput      {result.classifications_per_s:,.0f} texts of "
                         f"{result.context:,} tokens classified per second")
        if result.decode_tokens_per_s_range:
            low, high = result.decode_tokens_per_s_range
            lines.append(f"  decode          {result.decode_tokens_per_s:,.1f} tokens/s per stream"
                         f" (range {low:,.0f}-{high:,.0f})")
        if result.aggregate_tokens_per_s and result.concurrency > 1:
            lines.append(f"  aggregate       {result.aggregate_tokens_per_s:,.0f} tokens/s at "
                         f"concurrency {result.concurrency}")
        if result.prefill_tokens_per_s:
            lines.append(f"  prefill         {result.prefill_tokens_per_s:,.0f} tokens/s")
    lines.append(f"  quality         {result.quality_note}")
    if not result.exact:
        lines.append("  EXACTNESS       estimate: " + "; ".join(result.estimate_reasons))
    lines += [f"  note: {note}" for note in result.notes]
    return "\n".join(lines)


def format_recommendations(table: RecommendationTable, limit: int) -> str:
    """The human-readable `llmplan recommend` table."""
    head = (f"What runs on {table.gpus} x {table.gpu} at {table.context:,} tokens x "
            f"{table.concurrency}:")
    if not table.rows:
        return f"{head}\n  {table.hint}"
    lines = [head, f"  {'model':<22} {'quant':<10} {'engine':<13} {'GPUs':>4} {'weights':>10} "
                   f"{'headroom':>10} {'tok/s':>7}  quality"]
    for row in table.rows[:limit]:
        lines.append(
            f"  {row.model_name:<22} {row.quant:<10} {row.engine:<13} {row.gpus_used:>4} "
            f"{row.weights_bytes / GB:>7.1f} GB {row.headroom_bytes / GiB:>6.1f} GiB "
            f"{row.decode_tokens_per_s:>7.1f}  {row.quality_note.split(';')[0]}")
    if len(table.rows) > limit:
        lines.append(f"  ... {len(table.rows) - limit} more (--limit N, or --json for all)")
    return "\n".join(lines)


def _run_recommend(args: argparse.Namespace) -> int:
    if bool(args.gpu) == bool(args.profile):
        raise InputError("give --gpu NAME or --profile FILE|NAME (one of them)")
    notes: list[str] = []
    if args.profile:
        profile = cli_probe.resolve_profile(args.profile, args.db)
        placement = usable_gpu(profile, args.profile_gpu, args.gpus)
        gpu, gpus = placement.spec, placement.count
        notes += [placement.note, *placement.target.notes]
    else:
        gpu, gpus = match_gpu(args.gpu), args.gpus or 1
    table = recommend(gpu, gpus, args.context, args.concurrency,
                      max_quality_loss=args.max_quality_loss)
    if args.json:
        print(json.dumps({
            "gpu": table.gpu, "gpus": table.gpus, "context": table.context,
            "concurrency": table.concurrency, "hint": table.hint, "notes": notes,
            "rows": [row.__dict__ for row in table.rows]}, indent=2))
    else:
        print("\n".join([format_recommendations(table, args.limit),
                         *(f"  note: {note}" for note in notes)]))
    return EXIT_OK


def _run_cost(args: argparse.Namespace) -> int:
    scenario = load_scenario(args.file)
    try:
        plan, ages = cli_store.scenario_staleness(scenario, default_catalog(), args.max_price_age)
    except InputError as error:
        raise InputError(f"{Path(args.file).name}: {error}") from error
    if args.json:
        document = plan.to_json()
        document["price_ages"] = cli_store.price_ages_json(ages)
        print(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        print("\n".join([format_plan(plan), *cli_store.format_staleness(ages)]))
    return EXIT_OK


def _run_report(args: argparse.Namespace) -> int:
    from core.report import ReportSettings, build_report

    scenario = load_scenario(args.file)
    catalog = default_catalog()
    try:
        plan = calculate(scenario, catalog)
    except InputError as error:
        raise InputError(f"{Path(args.file).name}: {error}") from error
    settings = ReportSettings(organisation=args.organisation, author=args.author,
                              paper=args.paper, language=args.language,
                              max_price_age_days=args.max_price_age)
    output = Path(args.output)
    cli_store.write_atomically(output, build_report(plan, scenario, catalog, settings,
                                                    "bundled catalog"))
    print(f"wrote {output} ({output.stat().st_size / 1000:,.0f} kB)")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `llmplan` console script."""
    args = build_parser().parse_args(argv)
    handlers = {"fit": _run_fit, "recommend": _run_recommend, "cost": _run_cost,
                "report": _run_report,
                "catalog": cli_store.run, "scenario": cli_store.run, "store": cli_store.run,
                "probe": cli_probe.run, "profile": cli_probe.run}
    try:
        return handlers[args.command](args)
    except InputError as error:
        print(f"llmplan: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the output's reader went away (`llmplan ... | head`)
        sys.stderr.close()
        return EXIT_OK
    except Exception as error:
        print(f"llmplan: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
