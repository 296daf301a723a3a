"""Fine-tuning memory: full, LoRA, QLoRA, and the seed articles' rule of thumb; the
activations a training step keeps; whether a run fits on a set of GPUs."""

import math
from dataclasses import dataclass

from core.errors import InputError
from core.i18n.message import Count, Text, msg
from core.model.architecture import Architecture, tensors
from core.model.spec import ModelSpec
from core.model.tensor import ATTENTION, LINEAR, MLP, SHARED

# Mixed-precision Adam keeps bf16 weights and gradients, an fp32 master copy and two fp32
# moments: 2 + 2 + 4 + 8 = 16 bytes per trained parameter (ZeRO paper, Rajbhandari et al. 2020).
ADAM_MIXED_BYTES_PER_PARAM = 16
# LoRA trains adapters beside the frozen pre-trained weights (Hu et al. 2021, section 4), held
# in 16 bits ("16-bit LoRA", as opposed to QLoRA's 4-bit base); seed 004: "LLaMA 2, trained in
# bfloat16, needs 2 bytes per parameter". The base is held at 2 bytes per weight whatever
# format the model is later served in (an fp8 serving checkpoint is not the base LoRA trains
# against). Adapters are stored in the same 16 bits.
BF16_BYTES_PER_PARAM = 2
# QLoRA stores the frozen base in 4-bit NF4 with double-quantised scales: about 4.127 bits per
# parameter (Dettmers et al. 2023, section 3).
NF4_BYTES_PER_PARAM = 4.127 / 8
# Seed 004: "budget 5x the trainable-parameter memory for fine-tuning overhead".
SEED_OVERHEAD_FACTOR = 5
# Seed 004: serving memory = (weights + adapter) x 1.5 headroom.
SEED_SERVING_HEADROOM = 1.5
# Activations (Korthikanti et al. 2022, "Reducing Activation Recomputation in Large Transformer
# Models", arXiv:2205.05198), 16-bit activations, no tensor or sequence parallelism:
# - section 4 ("Activation Memory"), eq. 1: one transformer layer keeps s*b*h*(34 + 5*a*s/h)
#   bytes for its backward pass (s sequence length, b micro-batch, h hidden size, a heads);
# - section 4 (total activations memory): the output layer norm, projection and the fp32
#   logits of the cross-entropy loss add 4*s*b*h*(1 + v/h) bytes (v vocabulary size);
# - section 5 (full activation recomputation, i.e. gradient checkpointing): only each layer's
#   input, 2*s*b*h bytes, is kept; the layer being recomputed in the backward pass holds its
#   full s*b*h*(34 + 5*a*s/h) again.
# The 34 assumes a standard layer (multi-head attention, a 4h MLP): for grouped-query
# attention, wider or gated MLPs and mixtures of experts it is an estimate.
ACTIVATION_BYTES_PER_LAYER_TERM = 34
ATTENTION_SCORE_TERM = 5
CHECKPOINT_BYTES_PER_VALUE = 2
# The planner's assumption for a fine-tuning run: gradient checkpointing on, one sequence per
# micro-batch (what LoRA/QLoRA recipes use on one server to fit large models).
DEFAULT_MICRO_BATCH = 1

METHODS = ("full", "lora", "qlora", "seed-rule")


@dataclass(frozen=True)
class FinetuneMemory:
    """Memory to fine-tune a model, in bytes, split by what holds it."""

    method: str
    params: int
    trainable_params: int
    weights_bytes: int  # the frozen base as held during training (0 for full: in trainable)
    trainable_bytes: int  # trained weights, gradients and optimizer states
    total_bytes: int  # weights + trainable + activations
    rule: Text
    activation_bytes: int = 0  # what a training step keeps for its backward pass


@dataclass(frozen=True)
class Activations:
    """Activation memory of one training step, with the assumption it rests on."""

    bytes: int
    sequence: int
    micro_batch: int
    checkpointing: bool
    basis: Text


def activation_memory(arch: Architecture, sequence: int, micro_batch: int = DEFAULT_MICRO_BATCH,
                      checkpointing: bool = True) -> Activations:
    """Activations one training step keeps (Korthikanti et al. 2022, see the constants): with
    gradient checkpointing, each layer's input plus one layer recomputed in full; without,
    every layer in full; and the output layer's logits either way.

    Raises:
        InputError: a sequence length or micro-batch below 1.
    """
    if sequence < 1:
        raise InputError(f"fine-tuning sequence length must be at least 1 token, got {sequence}")
    if micro_batch < 1:
        raise InputError(f"fine-tuning micro-batch must be at least 1, got {micro_batch}")
    s, b, h = sequence, micro_batch, arch.hidden_size
    a, layers, vocab = arch.heads, arch.layer_count, arch.vocab_size
    # eq. 1: s*b*h*(34 + 5*a*s/h) bytes per layer
    full_layer = s * b * h * (ACTIVATION_BYTES_PER_LAYER_TERM + ATTENTION_SCORE_TERM * a * s / h)
    # section 4: output layer norm, projection and fp32 logits, 4*s*b*h*(1 + v/h)
    output = 4 * s * b * h * (1 + vocab / h)
    if checkpointing:
        # section 5: 2*s*b*h per layer kept, one layer recomputed in full at a time
        total = layers * CHECKPOINT_BYTES_PER_VALUE * s * b * h + full_layer + output
        how = msg("gradient checkpointing (each layer's input kept, one layer recomputed)")
    else:
        total = layers * full_layer + output
        how = msg("no recomputation (every layer's activations kept)")
    basis = msg("activations: {how}, {tokens} tokens x micro-batch {batch}, 16-bit "
                "(Korthikanti et al. 2022, eq. 1, sections 4 and 5)", how=how,
                tokens=Count(s), batch=Count(b))
    return Activations(math.ceil(total), s, b, checkpointing, basis)


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
                    activation_bytes: int = 0) -> FinetuneMemory:
    """Memory for one fine-tuning run of a model with `params` parameters.

    `trainable_params` (or `trainable_share` of params) applies to lora, qlora and seed-rule.
    The frozen base is held in bf16 (full, lora, seed-rule) or NF4 (qlora), never in the format
    the model is served in. `activation_bytes` (activation_memory) is added for full, lora and
    qlora; seed 004's rule counts activations in its 5x factor.

    Raises:
        InputError: an unknown method or a share outside (0, 1].
    """
    if params <= 0:
        raise InputError(f"parameter count must be positive, got {params}")
    if method not in METHODS:
        raise InputError(f"unknown fine-tuning method '{method}'; accepted: {', '.join(METHODS)}")
    if activation_bytes < 0:
        raise InputError(f"activation memory must be >= 0, got {activation_bytes}")
    if method == "full":
        trained = params * ADAM_MIXED_BYTES_PER_PARAM
        return FinetuneMemory(method, params, params, 0, trained, trained + activation_bytes,
                              msg("16 bytes per parameter: bf16 weights and gradients, fp32 "
                                  "master weights and Adam moments (ZeRO paper)"),
                              activation_bytes)
    if trainable_params is None:
        if trainable_share is None or not 0 < trainable_share <= 1:
            raise InputError("give trainable parameters or a trainable share in (0, 1]")
        trainable_params = round(params * trainable_share)
    if method == "seed-rule":
        weights = params * BF16_BYTES_PER_PARAM
        adapter = trainable_params * BF16_BYTES_PER_PARAM
        trained = SEED_OVERHEAD_FACTOR * adapter
        return FinetuneMemory(method, params, trainable_params, weights, trained,
                              weights + trained,
                              msg("seed 004: 16-bit weights plus 5x the trainable-parameter "
                                  "memory (activations included in the 5x)"))
    if method == "qlora":
        weights = round(params * NF4_BYTES_PER_PARAM)
        base = msg("4-bit NF4 frozen base (QLoRA paper)")
    else:
        weights = params * BF16_BYTES_PER_PARAM
        base = msg("16-bit (bf16) frozen base, 2 bytes per weight")
    trained = trainable_params * ADAM_MIXED_BYTES_PER_PARAM
    return FinetuneMemory(method, params, trainable_params, weights, trained,
                          weights + trained + activation_bytes,
                          msg("{base} plus 16 bytes per trainable parameter and the activations",
                              base=base),
                          activation_bytes)


def seed_serving_memory(weights_bytes: int, adapter_bytes: int,
                        headroom: float = SEED_SERVING_HEADROOM) -> int:
    """Seed 004's serving memory: (weights + adapter) x headroom."""
    return round((weights_bytes + adapter_bytes) * headroom)
