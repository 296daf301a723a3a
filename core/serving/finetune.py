"""Fine-tuning memory: full, LoRA, QLoRA, and the seed articles' rule of thumb."""

from dataclasses import dataclass

from core.errors import InputError
from core.model.architecture import tensors
from core.model.spec import ModelSpec
from core.model.tensor import ATTENTION, LINEAR, MLP, SHARED

# Mixed-precision Adam keeps bf16 weights and gradients, an fp32 master copy and two fp32
# moments: 2 + 2 + 4 + 8 = 16 bytes per trained parameter (ZeRO paper, Rajbhandari et al. 2020).
ADAM_MIXED_BYTES_PER_PARAM = 16
# QLoRA stores the frozen base in 4-bit NF4 with double-quantised scales: about 4.127 bits per
# parameter (Dettmers et al. 2023, section 3).
NF4_BYTES_PER_PARAM = 4.127 / 8
# Seed 004: "budget 5x the trainable-parameter memory for fine-tuning overhead".
SEED_OVERHEAD_FACTOR = 5
# Seed 004: serving memory = (weights + adapter) x 1.5 headroom.
SEED_SERVING_HEADROOM = 1.5

METHODS = ("full", "lora", "qlora", "seed-rule")


@dataclass(frozen=True)
class FinetuneMemory:
    """Memory to fine-tune a model, in bytes, split by what holds it (activations excluded)."""

    method: str
    params: int
    trainable_params: int
    weights_bytes: int
    trainable_bytes: int  # trained weights, gradients and optimizer states
    total_bytes: int
    rule: str


def lora_trainable_params(model: ModelSpec, rank: int, include_mlp: bool = False) -> int:
    """Parameters of rank-`rank` LoRA adapters on every attention projection (and the dense
    and shared-expert MLPs if asked; routed experts are left frozen): rank x (inputs + outputs)
    per adapted matrix (Hu et al. 2021)."""
    if rank < 1:
        raise InputError(f"LoRA rank must be at least 1, got {rank}")
    adapted = (ATTENTION, LINEAR, MLP, SHARED) if include_mlp else (ATTENTION, LINEAR)
    total = 0
    for tensor in tensors(model.arch):
        if tensor.role in adapted and tensor.is_matrix and not tensor.short.endswith(
                ("ssm_conv1d", "attn_sinks")):
            rows_out = tensor.elements // tensor.row_size // tensor.depth
            total += rank * (tensor.row_size + rows_out) * tensor.depth
    return total


def finetune_memory(params: int, method: str, trainable_params: int | None = None,
                    trainable_share: float | None = None,
                    bytes_per_weight: float = 2.0) -> FinetuneMemory:
    """Memory for one fine-tuning run of a model with `params` parameters.

    `trainable_params` (or `trainable_share` of params) applies to lora, qlora and seed-rule.

    Raises:
        InputError: an unknown method or a share outside (0, 1].
    """
    if params <= 0:
        raise InputError(f"parameter count must be positive, got {params}")
    if method not in METHODS:
        raise InputError(f"unknown fine-tuning method '{method}'; accepted: {', '.join(METHODS)}")
    if method == "full":
        total = params * ADAM_MIXED_BYTES_PER_PARAM
        return FinetuneMemory(method, params, params, 0, total, total,
                              "16 bytes per parameter: bf16 weights and gradients, fp32 master "
                              "weights and Adam moments (ZeRO paper)")
    if trainable_params is None:
        if trainable_share is None or not 0 < trainable_share <= 1:
            raise InputError("give trainable parameters or a trainable share in (0, 1]")
        trainable_params = round(params * trainable_share)
    if method == "seed-rule":
        weights = round(params * bytes_per_weight)
        adapter = round(trainable_params * bytes_per_weight)
        trained = SEED_OVERHEAD_FACTOR * adapter
        return FinetuneMemory(method, params, trainable_params, weights, trained,
                              weights + trained,
                              "seed 004: weights plus 5x the trainable-parameter memory")
    weights = round(params * (NF4_BYTES_PER_PARAM if method == "qlora" else bytes_per_weight))
    trained = trainable_params * ADAM_MIXED_BYTES_PER_PARAM
    base = "4-bit NF4 base (QLoRA paper)" if method == "qlora" else "16-bit frozen base"
    return FinetuneMemory(method, params, trainable_params, weights, trained, weights + trained,
                          f"{base} plus 16 bytes per trainable parameter")


def seed_serving_memory(weights_bytes: int, adapter_bytes: int,
                        headroom: float = SEED_SERVING_HEADROOM) -> int:
    """Seed 004's serving memory: (weights + adapter) x headroom."""
    return round((weights_bytes + adapter_bytes) * headroom)
