"""What one replica of a model, and one billed unit (instance or server), carries: requests
per hour from the fit and speed engines, or from a measured time per request."""

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache

from core.costing.scenario import CloudOption, OnPremOption, Workload, fixed_servers
from core.hardware.gpus import GpuSpec
from core.i18n.message import Arg, Count, Name, Number, Text, join, msg, nmsg, silent
from core.model.spec import ModelSpec
from core.model.words import commas
from core.serving.fit import FitResult, fit
from core.serving.memory import MAX_GPUS, CardPlan, FitRequest, MemoryPlans
from core.serving.speed import Serving, serve


@dataclass(frozen=True)
class ReplicaCapacity:
    """What one copy of the model carries on its GPUs, from the fit and speed engines."""

    gpus: int | None  # per replica; None when the model fits on no GPU set
    requests_per_hour: float
    batch: int
    decode_tokens_per_s: float | None  # each user's decode speed at that batch
    ttft_s: float | None
    notes: tuple[Text, ...] = ()
    fit_request: FitRequest | None = None  # one replica on its GPUs at its batch

    @cached_property
    def fit(self) -> FitResult | None:
        """The memory plan of one replica at its batch (computed when first asked for)."""
        return None if self.fit_request is None else fit(self.fit_request)


@dataclass(frozen=True)
class Capacity:
    """What one billed unit (instance or server) carries."""

    requests_per_hour_per_unit: float | None  # None: not checked (no GPU, no measurement)
    units_per_replica: int
    replicas_per_unit: int
    basis: Text  # how the figure was found, in words
    replica: ReplicaCapacity | None = None


UNSAID_FIGURE = Number(0.0)  # as_given() within quiet(): the figure is in no sentence


def as_given(value: float) -> Number:
    """A figure with the decimals Python's `:g` gives it (12, 0.5, 1.54)."""
    if silent():
        return UNSAID_FIGURE
    text = f"{value:g}"
    if "e" in text:
        return Number(value, 0 if abs(value) >= 1 else 6)
    return Number(value, len(text.partition(".")[2]))


def count_of(value: float) -> Count | Number:
    """A count that chooses a plural form: whole (Count) or, like 0.5 runs, a figure (plural
    form, as '0.5 runs')."""
    if float(value).is_integer():
        return Count(int(value))
    return as_given(value)


def gpus_text(gpus: int) -> Text:
    """'1 GPU', '2 GPUs'."""
    return nmsg("{n} GPU", "{n} GPUs", n=Count(gpus))


def on_gpus(gpus: int, gpu: str) -> Text:
    """'2 x L40S': a count of a GPU model."""
    return msg("{count} x {gpu}", count=Count(gpus), gpu=Name(gpu))



@dataclass(frozen=True)
class _Shape:
    """One candidate replica: its GPU count and the batch it runs (before its memory plan)."""

    gpus: int
    batch: int
    requests_per_hour: float
    per_user: float | None
    ttft: float | None
    notes: tuple[Text, ...]


def _largest(low: int, high: int, ok: Callable[[int], bool]) -> int:
    """The largest n in [low, high] with ok(n), for an ok() that holds up to some n and fails
    beyond (ok(low) is assumed)."""
    while low < high:
        middle = (low + high + 1) // 2
        if ok(middle):
            low = middle
        else:
            high = middle - 1
    return low


@lru_cache(maxsize=256)
def _plans(model: ModelSpec, quant: str, engine: str | None, kv_quant: str, gpu: GpuSpec,
           context: int) -> MemoryPlans:
    """The memory plans of one request of `context` tokens on any number of `gpu`, shared by
    every replica size and batch tried for it (and by workloads with the same context)."""
    return MemoryPlans(FitRequest(model, quant, engine=engine, kv_quant=kv_quant,
                                  context=context, concurrency=1, gpu=gpu))


def _most_requests(plans: MemoryPlans, gpus: int, batch: int, one: CardPlan) -> int:
    """The most requests, up to `batch`, whose KV cache the GPUs hold (one request fits, with
    the memory plan `one`). Memory grows by the same amount with each request (its KV cache,
    and for transformers its prefill activations), so two memory plans give the answer; two
    checks confirm it."""
    def fits(count: int) -> bool:
        return plans.fits(gpus, count)

    if batch == 1:
        return 1
    two = plans.card(gpus, 2)
    room = one.kv_capacity - one.kv_cache  # left after one request
    each = room - (two.kv_capacity - two.kv_cache)  # what one more request takes
    guess = batch if each <= 0 else max(1, min(batch, 1 + room // each))
    if fits(guess) and (guess == batch or not fits(guess + 1)):
        return guess
    return _largest(1, batch, fits)  # rounding made the guess miss: search


@lru_cache(maxsize=4096)
def _shape(model: ModelSpec, quant: str, engine: str | None, kv_quant: str, gpu: GpuSpec,
           gpus: int, input_tokens: float, output_tokens: float, batch: int,
           tokens_per_s_target: float | None, ttft_target: float | None) -> _Shape | None:
    """A replica on exactly `gpus` GPUs at the largest batch up to `batch` that its KV cache
    holds and that keeps each user's decode speed and the time to first token at their
    targets (speed.serve, the figures `llmplan fit` prints for that load); None when not even
    one request fits on those GPUs."""
    encoder = model.arch.encoder_only
    context = max(1, math.ceil(input_tokens + (0 if encoder else output_tokens)))
    plans = _plans(model, quant, engine, kv_quant, gpu, context)
    if not plans.fits(gpus, 1):
        return None
    notes: list[Text] = []
    # Memory: the KV cache (and activation peak) grows with the batch, so what fits at n
    # requests fits at fewer.
    held = _most_requests(plans, gpus, batch, plans.card(gpus, 1))
    if held < batch:
        notes.append(msg("batch limited to {batch} by the KV cache room on {gpus}",
                         batch=Count(held), gpus=on_gpus(gpus, gpu.name)))
    setup = plans.speed_setup(gpus)

    def load(streams: int) -> Serving | None:
        return serve(setup, input_tokens, max(1.0, output_tokens), streams, held)

    def meets_targets(streams: int) -> bool:
        serving = load(streams)
        return serving is None or (
            (not tokens_per_s_target or encoder
             or serving.tokens_per_s_per_user >= tokens_per_s_target)
            and (not ttft_target or serving.ttft_s <= ttft_target))

    chosen = held if meets_targets(held) else _largest(1, held, meets_targets)
    serving = load(chosen)
    if serving is None:
        return _Shape(gpus, chosen, 0.0, None, None, tuple(notes))
    notes += _target_notes(serving, held, on_gpus(gpus, gpu.name), tokens_per_s_target,
                           ttft_target, encoder)
    return _Shape(gpus, chosen, serving.requests_per_hour,
                  None if encoder else serving.tokens_per_s_per_user, serving.ttft_s,
                  tuple(notes))


def _target_notes(serving: Serving, held: int, where: Text, tokens_per_s_target: float | None,
                  ttft_target: float | None, encoder: bool) -> list[Text]:
    """What the per-user and first-token targets did to the batch (the figures `llmplan fit
    --input-tokens --output-tokens --concurrency` prints for the same load)."""
    notes: list[Text] = []
    per_user, ttft = serving.tokens_per_s_per_user, serving.ttft_s
    speed_missed = (tokens_per_s_target is not None and tokens_per_s_target > 0
                    and not encoder and per_user < tokens_per_s_target)
    ttft_missed = ttft_target is not None and ttft_target > 0 and ttft > ttft_target
    if speed_missed:
        notes.append(msg("{speed} tokens/s per user on {where} is below the target {target}, "
                         "even one request at a time", speed=Number(per_user, 1), where=where,
                         target=as_given(tokens_per_s_target or 0.0)))
    if ttft_missed:
        notes.append(msg("time to first token {seconds} s on {where} is above the target "
                         "{target} s, even one request at a time", seconds=Number(ttft, 2),
                         where=where, target=as_given(ttft_target or 0.0)))
    if serving.batch < held and not (speed_missed or ttft_missed):
        targets: list[Arg] = []
        if tokens_per_s_target and not encoder:
            targets.append(msg("{speed} tokens/s per user (target {target})",
                               speed=Number(per_user, 1), target=as_given(tokens_per_s_target)))
        if ttft_target:
            targets.append(msg("first token after {seconds} s (target {target} s)",
                               seconds=Number(ttft, 2), target=as_given(ttft_target)))
        notes.append(msg("batch lowered to {batch} for {targets}", batch=Count(serving.batch),
                         targets=join(targets)))
    return notes


def _per_unit(gpus: int, rate: float, gpus_per_unit: int) -> float:
    """Requests per hour one billed unit carries with replicas of `gpus` GPUs."""
    if gpus <= gpus_per_unit:
        return gpus_per_unit // gpus * rate
    return rate / math.ceil(gpus / gpus_per_unit)


def _steps(gpus: int, gpus_per_unit: int) -> tuple[int, int]:
    """(units per replica, replicas per unit): how coarse sizing with this replica is."""
    if gpus <= gpus_per_unit:
        return 1, gpus_per_unit // gpus
    return math.ceil(gpus / gpus_per_unit), 1


@lru_cache(maxsize=1024)
def replica_options(model: ModelSpec, quant: str, engine: str | None, kv_quant: str,
                    gpu: GpuSpec, input_tokens: float, output_tokens: float, batch: int,
                    tokens_per_s_target: float | None, ttft_target: float | None,
                    gpus_per_unit: int = 1) -> tuple[ReplicaCapacity, ...]:
    """Every replica worth billing for a unit of `gpus_per_unit` GPUs, with at most `batch`
    requests at once, the most requests per hour per unit first; empty when one request
    fits on no GPU set (an encoder, a classifier, reads each request whole and generates
    nothing).

    Every GPU count from the fewest that hold one request to those that hold the whole batch
    (at least a whole unit) is a candidate; on each, the batch is the largest up to `batch`
    that its memory holds and that keeps each user's decode speed at the target. Of the
    counts that give the same sizing steps (units per replica, replicas per unit) only the one
    carrying the most is kept. A larger allowed batch keeps every candidate and never lowers a
    candidate's batch, and a replica's throughput grows with its batch
    (speed.requests_per_hour: the decode step grows less than in proportion to the streams),
    so no candidate carries less when more batching is allowed."""
    encoder = model.arch.encoder_only
    context = max(1, math.ceil(input_tokens + (0 if encoder else output_tokens)))
    plans = _plans(model, quant, engine, kv_quant, gpu, context)
    fewest = plans.gpus_needed(1)
    if fewest is None:
        return ()
    whole_batch = plans.gpus_needed(batch) or MAX_GPUS
    best: dict[tuple[int, int], _Shape] = {}
    for gpus in _candidate_gpus(fewest, max(fewest, gpus_per_unit, whole_batch), gpus_per_unit):
        shape = _shape(model, quant, engine, kv_quant, gpu, gpus, input_tokens, output_tokens,
                       batch, tokens_per_s_target, ttft_target)
        if shape is None:
            continue
        steps = _steps(gpus, gpus_per_unit)
        # Ties go to fewer GPUs per replica.
        if steps not in best or shape.requests_per_hour > best[steps].requests_per_hour \
                * (1 + 1e-12):
            best[steps] = shape
    shapes = sorted(best.values(), key=lambda shape: (
        -_per_unit(shape.gpus, shape.requests_per_hour, gpus_per_unit), shape.gpus))
    kept: list[_Shape] = []
    for shape in shapes:
        if not any(_dominates(other, shape, gpus_per_unit) for other in kept):
            kept.append(shape)
    request = plans.request
    return tuple(ReplicaCapacity(shape.gpus, shape.requests_per_hour, shape.batch,
                                 shape.per_user, shape.ttft, shape.notes,
                                 replace(request, gpus=shape.gpus, concurrency=shape.batch))
                 for shape in kept)


def _candidate_gpus(fewest: int, most: int, gpus_per_unit: int) -> list[int]:
    """GPU counts worth trying from `fewest` up to `most` (rounded up to whole units): the
    fewest, and of each group that packs the same way (replicas per unit within a unit, units
    per replica beyond one) the largest, which holds the most and reads its weights on the
    most GPUs. The rule does not depend on the batch, so a larger batch keeps every count."""
    top = max(most, fewest)
    if top > gpus_per_unit:
        top = math.ceil(top / gpus_per_unit) * gpus_per_unit
    # No replica spans more than MAX_GPUS: rounding up to whole units (5-GPU units: 65) must
    # not ask for a plan the memory planner refuses.
    top = min(top, MAX_GPUS)
    counts = {fewest}
    counts.update(gpus_per_unit // share for share in range(1, gpus_per_unit + 1))
    counts.update(range(2 * gpus_per_unit, top + 1, gpus_per_unit))
    return sorted(count for count in counts if fewest <= count <= top)


def _dominates(first: _Shape, second: _Shape, gpus_per_unit: int) -> bool:
    """Whether `first` is never dearer than `second`: it carries at least as much per unit,
    and a whole number of its replicas fills exactly the units one of `second` takes, so any
    count of `second`'s replicas (spares and minimums included) is matched by as many units of
    `first`'s, which carry at least as much."""
    if _per_unit(first.gpus, first.requests_per_hour, gpus_per_unit) < _per_unit(
            second.gpus, second.requests_per_hour, gpus_per_unit):
        return False
    units_first, per_unit_first = _steps(first.gpus, gpus_per_unit)
    units_second, per_unit_second = _steps(second.gpus, gpus_per_unit)
    # (units_second / per_unit_second) / (units_first / per_unit_first) is a whole number
    return units_second * per_unit_first % (per_unit_second * units_first) == 0


def replica_capacity(model: ModelSpec, quant: str, engine: str | None, kv_quant: str,
                     gpu: GpuSpec, input_tokens: float, output_tokens: float, batch: int,
                     tokens_per_s_target: float | None, ttft_target: float | None,
                     gpus_per_unit: int = 1) -> ReplicaCapacity:
    """The replica that makes a unit of `gpus_per_unit` GPUs carry the most requests per hour
    with at most `batch` requests at once (see replica_options)."""
    replicas = replica_options(model, quant, engine, kv_quant, gpu, input_tokens,
                               output_tokens, batch, tokens_per_s_target, ttft_target,
                               gpus_per_unit)
    if replicas:
        return replicas[0]
    context = max(1, math.ceil(input_tokens + (0 if model.arch.encoder_only else output_tokens)))
    return ReplicaCapacity(None, 0.0, batch, None, None,
                           (msg("{model} {quant} with one request of {tokens} tokens does not "
                                "fit on {most} or fewer {gpu}", model=Name(model.name),
                                quant=Name(quant), tokens=Count(context), most=Count(MAX_GPUS),
                                gpu=Name(gpu.name)),))


def _unit_capacity(replica: ReplicaCapacity, gpus_per_unit: int) -> Capacity:
    assert replica.gpus is not None
    units, per_unit = _steps(replica.gpus, gpus_per_unit)
    if units == 1:
        replicas = nmsg("{n} replica of {gpus}", "{n} replicas of {gpus}", n=Count(per_unit),
                        gpus=gpus_text(replica.gpus))
        return Capacity(per_unit * replica.requests_per_hour, 1, per_unit,
                        msg("fit engine: {replicas} per unit, batch {batch}", replicas=replicas,
                            batch=Count(replica.batch)), replica)
    return Capacity(replica.requests_per_hour / units, units, 1,
                    msg("fit engine: one replica spans {units} units ({gpus}), batch {batch}",
                        units=Count(units), gpus=gpus_text(replica.gpus),
                        batch=Count(replica.batch)), replica)


def unit_capacities(option: CloudOption | OnPremOption, gpu: GpuSpec | None,
                    model: ModelSpec | None, quant: str, engine: str | None, kv_quant: str,
                    workload: Workload) -> tuple[Capacity, ...]:
    """The ways one instance or server can carry requests, the most requests per hour first:
    a measured time per request, or each replica of replica_options that the option can hold
    (a fixed fleet of servers cannot run a replica that needs more of them). The cost engine
    bills each and keeps the cheapest."""
    gpus_per_unit = (option.gpus_per_instance if isinstance(option, CloudOption)
                     else option.gpus_per_server)
    if option.seconds_per_request is not None:
        return (Capacity(3600.0 / option.seconds_per_request, 1, 1,
                         msg("measured: {seconds} s busy per request",
                             seconds=as_given(option.seconds_per_request))),)
    if gpu is None or model is None:
        return (Capacity(None, 1, 1, msg("not checked: give a GPU (and a model) or "
                                         "seconds_per_request")),)
    args = (model, quant, engine, kv_quant, gpu, workload.prompt_tokens,
            workload.completion_tokens, workload.batch_size, workload.tokens_per_s_per_user,
            workload.ttft_target_s, gpus_per_unit)
    replicas = replica_options(*args)
    if not replicas:
        replica = replica_capacity(*args)
        return (Capacity(0.0, 1, 1, replica.notes[0], replica),)
    capacities = [_unit_capacity(replica, gpus_per_unit) for replica in replicas]
    fleet = fixed_servers(option) if isinstance(option, OnPremOption) else None
    if fleet is not None:
        held = [capacity for capacity in capacities if capacity.units_per_replica <= fleet]
        if not held:
            smallest = min(capacities, key=lambda capacity: capacity.units_per_replica)
            gpus = smallest.replica.gpus if smallest.replica else None
            return (replace(smallest, requests_per_hour_per_unit=0.0, basis=nmsg(
                "one replica needs {units} servers ({gpus}); the {n} server cannot hold it",
                "one replica needs {units} servers ({gpus}); the {n} servers cannot hold it",
                units=Count(smallest.units_per_replica), n=Count(fleet),
                gpus="? GPUs" if gpus is None else gpus_text(gpus))),)
        capacities = held
    return tuple(capacities)


def unit_capacity(option: CloudOption | OnPremOption, gpu: GpuSpec | None,
                  model: ModelSpec | None, quant: str, engine: str | None, kv_quant: str,
                  workload: Workload) -> Capacity:
    """Requests per hour one instance or server carries at most (unit_capacities' first)."""
    return unit_capacities(option, gpu, model, quant, engine, kv_quant, workload)[0]


def clear_caches() -> None:
    """Forget the remembered replicas (benchmarks measure a cold plan)."""
    _plans.cache_clear()
    _shape.cache_clear()
    replica_options.cache_clear()


def sizing_text(peak: float, capacity: Capacity, output_tokens: float) -> Text:
    """One sentence on why the replica count is what it is, from the serving figures the
    cost engine used (those `llmplan fit --input-tokens --output-tokens --concurrency`
    prints); empty when the capacity is measured or not checked."""
    replica = capacity.replica
    needed = replicas_needed(peak, capacity)
    if replica is None or replica.gpus is None or needed is None \
            or capacity.requests_per_hour_per_unit is None:
        return ""
    per_replica = (capacity.requests_per_hour_per_unit * capacity.units_per_replica
                   / capacity.replicas_per_unit)
    speeds: list[Arg] = [msg("{speed} output tokens/s",
                             speed=Number(per_replica * output_tokens / 3600))]
    if replica.decode_tokens_per_s:
        speeds.append(msg("{speed} tokens/s per user",
                          speed=Number(replica.decode_tokens_per_s, 1)))
    if replica.ttft_s is not None:
        speeds.append(msg("first token after {seconds} s", seconds=Number(replica.ttft_s, 2)))
    return nmsg("{n} replica of {gpus} for a peak of {peak} requests/h: each carries {rate} "
                "requests/h with {batch} at once ({speeds})",
                "{n} replicas of {gpus} for a peak of {peak} requests/h: each carries {rate} "
                "requests/h with {batch} at once ({speeds})",
                n=Count(needed), gpus=gpus_text(replica.gpus), peak=Number(peak),
                rate=Number(per_replica), batch=Count(replica.batch), speeds=commas(speeds))


def units_for(replicas: int, capacity: Capacity) -> int:
    """Instances or servers that hold `replicas` copies of the model."""
    if capacity.units_per_replica > 1:
        return replicas * capacity.units_per_replica
    return math.ceil(replicas / capacity.replicas_per_unit)


def replicas_needed(peak: float, capacity: Capacity) -> int | None:
    """Copies of the model that carry `peak` requests per hour; None when not checked."""
    if capacity.requests_per_hour_per_unit is None:
        return None
    per_replica = (capacity.requests_per_hour_per_unit * capacity.units_per_replica
                   / capacity.replicas_per_unit)
    if per_replica <= 0:
        return None
    return max(1, math.ceil(peak / per_replica - 1e-9))
