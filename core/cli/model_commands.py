"""`llmplan fit` and `llmplan recommend`: the memory plan, fit and speed of one model on a set
of GPUs, and what runs on a set of GPUs."""

import argparse
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from core.cli.probe_commands import add_profile_options, resolve_profile
from core.cli.shared import (
    EXIT_OK,
    json_text,
    language_option,
    percent,
    positive_int,
    share,
)
from core.errors import InputError
from core.hardware.gpus import match_gpu
from core.hardware.targets import usable_gpu
from core.i18n.message import (
    Arg,
    Count,
    Message,
    Name,
    Number,
    Quantity,
    Share,
    Text,
    msg,
    nmsg,
)
from core.i18n.render import render
from core.model.loader import load_model_ref
from core.model.quant import ENGINES, KV_QUANTS, SHIPPED, get_quantization, quant_names
from core.model.words import semicolons
from core.serving.fit import FitResult, fit
from core.serving.memory import FitRequest
from core.serving.placement import fit_on_profile
from core.serving.recommend import DEFAULT_MAX_QUALITY_LOSS, RecommendationTable, recommend
from core.units import GB, GiB


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
    language_option(fit_parser)

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
    language_option(rec_parser)


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
        held: Arg = (loaded.spec.shipped.label if loaded.file_quant == SHIPPED
                     else Name(loaded.file_quant))
        note = msg("the files hold {held}; {quant} is estimated from the architecture",
                   held=held, quant=Name(quant.name))
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
        print(format_fit(result, args.language))
    return EXIT_OK


def _bytes(value: int) -> Message:
    """Bytes in decimal and binary units: '42.51 GB (39.59 GiB)'."""
    return msg("{gb} ({gib})", gb=Quantity(value / GB, "GB", 2),
               gib=Quantity(value / GiB, "GiB", 2))


def _speed(value: float, digits: int) -> Message:
    return msg("{value} tokens/s", value=Number(value, digits))


def _verdict(result: FitResult) -> Message:
    """FITS / DOES NOT FIT, marked as an estimate when the sizes are not exact."""
    if result.exact:
        return msg("FITS") if result.fits else msg("DOES NOT FIT")
    return msg("FITS (estimate)") if result.fits else msg("DOES NOT FIT (estimate)")


def format_fit(result: FitResult, language: str = "en") -> str:
    """The human-readable `llmplan fit` report in `language` ('en', 'de')."""
    def say(item: Arg) -> str:
        return render(item, language)

    rows: list[tuple[Message, Arg]] = [
        (msg("architecture"), result.architecture),
        (msg("parameters"), msg("{params}B", params=Number(result.params / 1e9, 2))
         if result.active_params == result.params else
         msg("{params}B ({active}B active)", params=Number(result.params / 1e9, 2),
             active=Number(result.active_params / 1e9, 2))),
        (msg("context"), msg("{context} tokens x {concurrency} concurrent",
                             context=Count(result.context),
                             concurrency=Count(result.concurrency))),
        (msg("weights"), _bytes(result.weights_bytes)),
        (msg("KV cache"), msg("{size}  ({per_token} per token)",
                              size=_bytes(result.kv_cache_bytes),
                              per_token=Quantity(result.kv_bytes_per_token / 2**10, "KiB", 0))),
        (msg("overhead"), _bytes(result.overhead_bytes)),
        (msg("total"), _bytes(result.total_bytes)),
    ]
    if result.gpu is None:
        rows.append((msg("GPUs"), msg("none given (add --gpu NAME to check the fit)")))
    else:
        rows.append((msg("GPUs"), msg(
            "{gpus} x {gpu} ({parallelism}), {memory} each", gpus=Count(result.gpus),
            gpu=Name(result.gpu), parallelism=result.parallelism,
            memory=Quantity((result.gpu_memory_bytes or 0) / GiB, "GiB", 2))))
        per_gpu = Quantity((result.headroom_bytes or 0) / GiB, "GiB", 2)
        headroom = msg("{size} per GPU", size=per_gpu) if result.gpus <= 1 else msg(
            "{size} per GPU ({total} on {gpus} GPUs)", size=per_gpu,
            total=Quantity((result.headroom_bytes_total or 0) / GiB, "GiB", 2),
            gpus=Count(result.gpus))
        rows.append((msg("verdict"), msg("{verdict}, headroom {headroom}, room for {tokens} KV "
                                         "tokens", verdict=_verdict(result), headroom=headroom,
                                         tokens=Count(result.max_kv_tokens or 0))))
        rows.append((msg("GPUs needed"), Count(result.gpus_needed) if result.gpus_needed
                     else msg("more than 64")))
        if result.classifications_per_s:
            rows.append((msg("throughput"), msg(
                "{texts} texts of {context} tokens classified per second",
                texts=Number(result.classifications_per_s), context=Count(result.context))))
        if result.decode_tokens_per_s_range:
            low, high = result.decode_tokens_per_s_range
            rows.append((msg("decode"), msg(
                "{speed} per stream (range {low}-{high})",
                speed=_speed(result.decode_tokens_per_s or 0.0, 1),
                low=Number(low), high=Number(high))))
        if result.aggregate_tokens_per_s and result.concurrency > 1 and result.serving is None:
            rows.append((msg("aggregate"), msg(
                "{speed} at concurrency {concurrency}",
                speed=_speed(result.aggregate_tokens_per_s, 0),
                concurrency=Count(result.concurrency))))
        if result.prefill_tokens_per_s:
            rows.append((msg("prefill"), _speed(result.prefill_tokens_per_s, 0)))
        rows += _serving_rows(result)
    rows.append((msg("quality"), result.quality_note))
    if not result.exact:
        rows.append((msg("EXACTNESS"), msg("estimate: {reasons}",
                                           reasons=semicolons(result.estimate_reasons))))
    width = max(16, *(len(say(label)) + 1 for label, _ in rows))
    lines = [f"{result.model_id}  " + say(msg(
        "{quant} on {engine}, KV cache {kv}", quant=Name(result.quant),
        engine=Name(result.engine), kv=Name(result.kv_quant)))]
    lines += [f"  {say(label):<{width}}{say(value)}" for label, value in rows]
    lines += ["  " + say(msg("note: {note}", note=note)) for note in result.notes]
    return "\n".join(lines)


def _serving_rows(result: FitResult) -> list[tuple[Message, Arg]]:
    serving = result.serving
    if serving is None:
        return []
    error = result.speed_error or 0.0
    held = (msg("no limit known") if serving.max_concurrency is None
            else msg("{requests} at {context} tokens", requests=Count(serving.max_concurrency),
                     context=Count(result.context)))
    return [
        (msg("under load"), msg("{n} requests at once (KV cache holds {held}; {batch} decode "
                                "together)", n=Count(serving.concurrency), held=held,
                                batch=Count(serving.batch))),
        (msg("throughput"), msg("{tokens} output tokens/s, {requests} requests/h (+-{error})",
                                tokens=Number(serving.output_tokens_per_s),
                                requests=Number(serving.requests_per_hour),
                                error=Share(error))),
        (msg("per user"), msg("{speed}, first token after {ttft}",
                              speed=_speed(serving.tokens_per_s_per_user, 1),
                              ttft=Quantity(serving.ttft_s, "s", 2))),
    ]


def format_recommendations(table: RecommendationTable, limit: int, language: str = "en") -> str:
    """The human-readable `llmplan recommend` table in `language` ('en', 'de')."""
    def say(item: Arg) -> str:
        return render(item, language)

    head = say(msg("What runs on {gpus} x {gpu} at {context} tokens x {concurrency}:",
                   gpus=Count(table.gpus), gpu=Name(table.gpu), context=Count(table.context),
                   concurrency=Count(table.concurrency)))
    if not table.rows:
        return f"{head}\n  {say(table.hint or '')}"
    headings = [say(msg("model")), say(msg("quant")), say(msg("engine")), say(msg("GPUs")),
                say(msg("weights")), say(msg("headroom/GPU")), say(msg("tok/s")),
                say(msg("quality"))]
    lines = [head, f"  {headings[0]:<22} {headings[1]:<10} {headings[2]:<13} {headings[3]:>4} "
                   f"{headings[4]:>10} {headings[5]:>12} {headings[6]:>7}  {headings[7]}"]
    for row in table.rows[:limit]:
        weights = say(Quantity(row.weights_bytes / GB, "GB", 1))
        headroom = say(Quantity(row.headroom_bytes / GiB, "GiB", 1))
        lines.append(
            f"  {row.model_name:<22} {row.quant:<10} {row.engine:<13} {row.gpus_used:>4} "
            f"{weights:>10} {headroom:>12} {say(Number(row.decode_tokens_per_s, 1)):>7}  "
            f"{say(row.quality_note).split(';')[0]}")
    if len(table.rows) > limit:
        lines.append("  " + say(nmsg("... {n} more (--limit N, or --json for all)",
                                     "... {n} more (--limit N, or --json for all)",
                                     n=Count(len(table.rows) - limit))))
    return "\n".join(lines)


def _run_recommend(args: argparse.Namespace) -> int:
    if bool(args.gpu) == bool(args.profile):
        raise InputError("give --gpu NAME or --profile FILE|NAME (one of them)")
    notes: list[Text] = []
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
        print("\n".join([format_recommendations(table, args.limit, args.language),
                         *("  " + render(msg("note: {note}", note=note), args.language)
                           for note in notes)]))
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "fit": _run_fit, "recommend": _run_recommend}
