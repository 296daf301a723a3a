"""What one replica of a model, and one billed unit (instance or server), carries: requests
per hour from the fit and speed engines, or from a measured time per request."""

import math
from dataclasses import dataclass, replace
from functools import lru_cache

from core.costing.scenario import CloudOption, OnPremOption, Workload
from core.hardware.gpus import GpuSpec
from core.model.spec import ModelSpec
from core.serving.fit import FitResult, fit
from core.serving.memory import FitRequest, gpus_needed, speed_setup
from core.serving.speed import decode_step_seconds, prefill_tokens_per_s, requests_per_hour


@dataclass(frozen=True)
class ReplicaCapacity:
    """What one copy of the model carries on its GPUs, from the fit and speed engines."""

    gpus: int | None  # per replica; None when the model fits on no GPU set
    requests_per_hour: float
    batch: int
    decode_tokens_per_s: float | None  # each user's decode speed at that batch
    ttft_s: float | None
    notes: tuple[str, ...] = ()
    fit: FitResult | None = None  # the memory plan of one replica at the requested batch


@dataclass(frozen=True)
class Capacity:
    """What one billed unit (instance or server) carries."""

    requests_per_hour_per_unit: float | None  # None: not checked (no GPU, no measurement)
    units_per_replica: int
    replicas_per_unit: int
    basis: str
    replica: ReplicaCapacity | None = None



@lru_cache(maxsize=1024)
def replica_capacity(model: ModelSpec, quant: str, engine: str | None, kv_quant: str,
                     gpu: GpuSpec, input_tokens: float, output_tokens: float, batch: int,
                     tokens_per_s_target: float | None, ttft_target: float | None,
                     ) -> ReplicaCapacity:
    """Requests per hour of the smallest GPU set holding the model with `batch` requests of
    input + output tokens in its KV cache, at a batch that keeps each user's decode speed at
    the target. An encoder (a classifier) reads each request whole and generates nothing."""
    encoder = model.arch.encoder_only
    context = max(1, math.ceil(input_tokens + (0 if encoder else output_tokens)))
    request = FitRequest(model, quant, engine=engine, kv_quant=kv_quant, context=context,
                         concurrency=batch, gpu=gpu)
    gpus = gpus_needed(request)
    if gpus is None:
        return ReplicaCapacity(None, 0.0, batch, None, None,
                               (f"{model.name} {quant} with {batch} x {context:,} tokens does not "
                                f"fit on 64 or fewer {gpu.name}",))
    setup = speed_setup(replace(request, gpus=gpus))
    notes = []
    average_context = input_tokens + output_tokens / 2
    per_user = None if encoder else 1.0 / decode_step_seconds(setup, batch, average_context)
    if tokens_per_s_target and per_user is not None:
        while batch > 1 and per_user < tokens_per_s_target:
            batch = max(1, batch // 2)
            per_user = 1.0 / decode_step_seconds(setup, batch, average_context)
        if per_user < tokens_per_s_target:
            notes.append(f"{per_user:,.1f} tokens/s per user on {gpus} x {gpu.name} is below "
                         f"the target {tokens_per_s_target:g}, even one request at a time")
        elif batch < request.concurrency:
            notes.append(f"batch lowered to {batch} so each user gets {per_user:,.1f} tokens/s "
                         f"(target {tokens_per_s_target:g})")
    prefill = prefill_tokens_per_s(setup, input_tokens)
    ttft = input_tokens / prefill if prefill else None
    if ttft_target and ttft is not None and ttft > ttft_target:
        notes.append(f"time to first token {ttft:.2f} s is above the target {ttft_target:g} s "
                     "(prefill alone, without queueing)")
    rate = requests_per_hour(setup, max(1, round(input_tokens)), max(1, round(output_tokens)),
                             batch) or 0.0
    return ReplicaCapacity(gpus, rate, batch, per_user, ttft, tuple(notes),
                           fit(replace(request, gpus=gpus)))


def unit_capacity(option: CloudOption | OnPremOption, gpu: GpuSpec | None,
                  model: ModelSpec | None, quant: str, engine: str | None, kv_quant: str,
                  workload: Workload) -> Capacity:
    """Requests per hour one instance or server carries."""
    gpus_per_unit = (option.gpus_per_instance if isinstance(option, CloudOption)
                     else option.gpus_per_server)
    if option.seconds_per_request is not None:
        return Capacity(3600.0 / option.seconds_per_request, 1, 1,
                        f"measured: {option.seconds_per_request:g} s busy per request")
    if gpu is None or model is None:
        return Capacity(None, 1, 1, "not checked: give a GPU (and a model) or "
                                    "seconds_per_request")
    replica = replica_capacity(model, quant, engine, kv_quant, gpu, workload.prompt_tokens,
                               workload.completion_tokens, workload.batch_size,
                               workload.tokens_per_s_per_user, workload.ttft_target_s)
    if replica.gpus is None:
        return Capacity(0.0, 1, 1, replica.notes[0], replica)
    if replica.gpus <= gpus_per_unit:
        per_unit = gpus_per_unit // replica.gpus
        return Capacity(per_unit * replica.requests_per_hour, 1, per_unit,
                        f"fit engine: {per_unit} replica(s) of {replica.gpus} GPU(s) per unit, "
                        f"batch {replica.batch}", replica)
    units = math.ceil(replica.gpus / gpus_per_unit)
    return Capacity(replica.requests_per_hour / units, units, 1,
                    f"fit engine: one replica spans {units} units ({replica.gpus} GPUs), "
                    f"batch {replica.batch}", replica)


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
