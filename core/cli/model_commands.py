"""`llmplan fit` and `llmplan recommend`: the memory plan, fit and speed of one model on a set
of GPUs, and what runs on a set of GPUs."""

import argparse
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from core.cli.probe_commands import add_profile_options, resolve_profile
from core.cli.shared import EXIT_OK, json_text, percent, positive_int, share
from core.errors import InputError
from core.hardware.gpus import match_gpu
from core.hardware.targets import usable_gpu
from core.model.loader import load_model_ref
from core.model.quant import ENGINES, KV_QUANTS, SHIPPED, get_quantization, quant_names
from core.serving.fit import FitResult, fit
from core.serving.memory import FitRequest
from core.serving.placement import fit_on_profile
from core.serving.recommend import DEFAULT_MAX_QUALITY_LOSS, RecommendationTable, recommend
from core.units import GB, GiB, format_gb, format_gib


def add_commands(commands: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    """Register fit and recommend."""
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
    fit_parser.add_argument("--context", type=positive_int, metavar="N",
                            help="tokens of context per sequence (default 4096 or the "
                                 "model's maximum if smaller)")
    fit_parser.add_argument("--concurrency", type=positive_int, default=1, metavar="N",
                            help="sequences served at once (default 1)")
    fit_parser.add_argument("--input-tokens", type=positive_int, metavar="N",
                            help="prompt tokens per request: with --output-tokens, adds "
                                 "throughput, per-user speed and time to first token at "
                                 "--concurrency (the context is then input + output)")
    fit_parser.add_argument("--output-tokens", type=positive_int, metavar="N",
                            help="generated tokens per request (with --input-tokens)")
    fit_parser.add_argument("--gpu", metavar="NAME",
                            help="catalog GPU id or name, nvidia-smi names accepted")
    fit_parser.add_argument("--gpus", type=positive_int, metavar="N",
                            help="number of GPUs (default 1, or all of a --profile's set)")
    fit_parser.add_argument("--engine", metavar="ENGINE",
                            help=f"{' | '.join(ENGINES)} (default: llama.cpp for GGUF types, "
                                 "vllm otherwise)")
    fit_parser.add_argument("--gpu-memory-utilization", type=share, metavar="F",
                            help="vLLM's share of GPU memory (default 0.9)")
    add_profile_options(fit_parser)
    fit_parser.add_argument("--json", action="store_true", help="print one JSON object")

    rec_parser = commands.add_parser(
        "recommend", help="what runs on a set of GPUs",
        description="Rank catalog models x quantizations x engines that fit on a GPU set.")
    rec_parser.add_argument("--gpu", metavar="NAME", help="catalog GPU id or name")
    rec_parser.add_argument("--gpus", type=positive_int, metavar="N",
                            help="number of GPUs (default 1, or all of a --profile's set)")
    add_profile_options(rec_parser)
    rec_parser.add_argument("--context", type=positive_int, default=4096, metavar="N")
    rec_parser.add_argument("--concurrency", type=positive_int, default=1, metavar="N")
    rec_parser.add_argument("--max-quality-loss", type=percent,
                            default=DEFAULT_MAX_QUALITY_LOSS, metavar="PCT",
                            help="leave out quantizations losing more perplexity than this "
                                 f"(percent, default {DEFAULT_MAX_QUALITY_LOSS:g})")
    rec_parser.add_argument("--limit", type=positive_int, default=20, metavar="N",
                            help="rows to print (default 20; JSON prints all)")
    rec_parser.add_argument("--json", action="store_true")


def _run_fit(args: argparse.Namespace) -> int:
    loaded = load_model_ref(args.model)
    quant_name = args.quant or loaded.file_quant or SHIPPED
    quant = get_quantization(quant_name)
    measured = loaded.measured if loaded.file_quant == quant.name else None
    if args.gpu and args.profile:
        raise InputError("give --gpu NAME or --profile FILE|NAME, not both")
    gpu = match_gpu(args.gpu) if args.gpu else None
    if (args.input_tokens is None) != (args.output_tokens is None):
        raise InputError("give --input-tokens and --output-tokens together")
    if args.input_tokens is not None and args.context is not None:
        raise InputError("give --context or --input-tokens/--output-tokens (the context is "
                         "then their sum), not both")
    request = FitRequest(
        loaded.spec, quant.name, engine=args.engine, kv_quant=args.kv_quant,
        context=args.context, concurrency=args.concurrency, gpu=gpu, gpus=args.gpus or 1,
        measured=measured, gpu_memory_utilization=args.gpu_memory_utilization,
        input_tokens=args.input_tokens, output_tokens=args.output_tokens)
    profile_fit = None
    if args.profile:
        profile = resolve_profile(args.profile, args.db)
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
        print(json_text(document, indent=2))
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
        headroom = f"{format_gib(result.headroom_bytes or 0)} per GPU"
        if result.gpus > 1:
            headroom += f" ({format_gib(result.headroom_bytes_total or 0)} on {result.gpus} GPUs)"
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
        if result.aggregate_tokens_per_s and result.concurrency > 1 and result.serving is None:
            lines.append(f"  aggregate       {result.aggregate_tokens_per_s:,.0f} tokens/s at "
                         f"concurrency {result.concurrency}")
        if result.prefill_tokens_per_s:
            lines.append(f"  prefill         {result.prefill_tokens_per_s:,.0f} tokens/s")
        lines += _serving_lines(result)
    lines.append(f"  quality         {result.quality_note}")
    if not result.exact:
        lines.append("  EXACTNESS       estimate: " + "; ".join(result.estimate_reasons))
    lines += [f"  note: {note}" for note in result.notes]
    return "\n".join(lines)


def _serving_lines(result: FitResult) -> list[str]:
    serving = result.serving
    if serving is None:
        return []
    error = result.speed_error or 0.0
    held = ("no limit known" if serving.max_concurrency is None
            else f"{serving.max_concurrency:,} at {result.context:,} tokens")
    return [
        f"  under load      {serving.concurrency} requests at once (KV cache holds {held}; "
        f"{serving.batch} decode together)",
        f"  throughput      {serving.output_tokens_per_s:,.0f} output tokens/s, "
        f"{serving.requests_per_hour:,.0f} requests/h (+-{error:.0%})",
        f"  per user        {serving.tokens_per_s_per_user:,.1f} tokens/s, first token after "
        f"{serving.ttft_s:,.2f} s",
    ]


def format_recommendations(table: RecommendationTable, limit: int) -> str:
    """The human-readable `llmplan recommend` table."""
    head = (f"What runs on {table.gpus} x {table.gpu} at {table.context:,} tokens x "
            f"{table.concurrency}:")
    if not table.rows:
        return f"{head}\n  {table.hint}"
    lines = [head, f"  {'model':<22} {'quant':<10} {'engine':<13} {'GPUs':>4} {'weights':>10} "
                   f"{'headroom/GPU':>12} {'tok/s':>7}  quality"]
    for row in table.rows[:limit]:
        lines.append(
            f"  {row.model_name:<22} {row.quant:<10} {row.engine:<13} {row.gpus_used:>4} "
            f"{row.weights_bytes / GB:>7.1f} GB {row.headroom_bytes / GiB:>8.1f} GiB "
            f"{row.decode_tokens_per_s:>7.1f}  {row.quality_note.split(';')[0]}")
    if len(table.rows) > limit:
        lines.append(f"  ... {len(table.rows) - limit} more (--limit N, or --json for all)")
    return "\n".join(lines)


def _run_recommend(args: argparse.Namespace) -> int:
    if bool(args.gpu) == bool(args.profile):
        raise InputError("give --gpu NAME or --profile FILE|NAME (one of them)")
    notes: list[str] = []
    if args.profile:
        profile = resolve_profile(args.profile, args.db)
        placement = usable_gpu(profile, args.profile_gpu, args.gpus)
        gpu, gpus = placement.spec, placement.count
        notes += [placement.note, *placement.target.notes]
    else:
        gpu, gpus = match_gpu(args.gpu), args.gpus or 1
    table = recommend(gpu, gpus, args.context, args.concurrency,
                      max_quality_loss=args.max_quality_loss)
    if args.json:
        print(json_text({
            "gpu": table.gpu, "gpus": table.gpus, "context": table.context,
            "concurrency": table.concurrency, "hint": table.hint, "notes": notes,
            "rows": [row.__dict__ for row in table.rows]}, indent=2))
    else:
        print("\n".join([format_recommendations(table, args.limit),
                         *(f"  note: {note}" for note in notes)]))
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "fit": _run_fit, "recommend": _run_recommend}
