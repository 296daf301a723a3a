"""Turn what the user points at into a ModelSpec: a catalog id, a Hugging Face config.json, a
model folder (config.json plus safetensors headers), or a .gguf file. Offline, headers only."""

import difflib
import math
import re
import struct
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from core.errors import InputError
from core.files import json_document
from core.i18n.message import Count, Name, Text, msg
from core.model.architecture import Architecture, Layer, param_count
from core.model.attention import FullAttention, LatentAttention, LinearAttention
from core.model.gguf import (
    MAX_TENSOR_ELEMENTS,
    GgufFile,
    GgufTensor,
    file_type_name,
    read_gguf,
)
from core.model.gguf_types import ggml_type_bytes
from core.model.mlp import DenseMlp, MoeMlp
from core.model.shipped import ShippedFormat
from core.model.spec import ModelSpec, find_model, model_catalog, model_from_config
from core.model.weights import WeightBytes
from core.model.words import billions
from core.resources import load_json

_SAFETENSORS_DTYPE_BYTES = {
    "F64": 8, "F32": 4, "F16": 2, "BF16": 2, "F8_E4M3": 1, "F8_E5M2": 1, "F8_E8M0": 1,
    "F4": 0.5, "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U8": 1, "BOOL": 1,
}
_MAX_HEADER = 100 * 2**20
_MAX_SHARDS = 4096
# Tensors that hold quantization scales or packed weights rather than parameters.
_SCALE = re.compile(r"(scale_inv|_scale|_scales|_scale_2|\.scales|input_scale|zero_point|"
                    r"qzeros|g_idx)$")
_PACKED = re.compile(r"(qweight|weight_packed|_blocks)$")
_SIDE = re.compile(r"(vision|visual|image|mm_projector|multi_modal|audio|mtp)", re.IGNORECASE)
_LAYER = re.compile(r"layers\.(\d+)\.")
_GGUF_LAYER = re.compile(r"blk\.(\d+)\.")


@dataclass(frozen=True)
class LoadedModel:
    """A model spec plus, for a GGUF file or a safetensors folder, its real weight sizes."""

    spec: ModelSpec
    file_quant: str | None = None  # the quantization the measured sizes belong to
    measured: WeightBytes | None = None


def _safetensors_header(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            raw = handle.read(8)
            if len(raw) != 8:
                raise InputError(f"{path}: file too short for a safetensors header")
            (length,) = struct.unpack("<Q", raw)
            if length > _MAX_HEADER:
                raise InputError(f"{path}: safetensors header of {length} bytes is not plausible")
            raw_header = handle.read(length)
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}") from error
    if len(raw_header) != length:  # the rest was read as an empty checkpoint: 0 parameters
        raise InputError(f"{path}: the safetensors header is truncated ({length:,} bytes "
                         f"announced, {len(raw_header):,} in the file)")
    try:
        header = json_document(raw_header.decode("utf-8"), f"{path}: its safetensors header")
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: safetensors header is not UTF-8 text") from error
    if not isinstance(header, dict):
        raise InputError(f"{path}: safetensors header is not a JSON object")
    return header


@dataclass(frozen=True)
class SafetensorsCount:
    """What the headers of a checkpoint's safetensors files hold."""

    params: int  # elements of the language model's weights (scales and packed data left out)
    weight_bytes: int  # bytes of the language model's tensors as stored, scales included
    expert_bytes: int  # of which routed experts
    embedding_bytes: int  # of which the input embedding table (untied: not read per token)
    side_params: int  # vision/audio towers and multi-token prediction layers
    packed: bool  # packed low-bit tensors: the element count is not the parameter count


def count_safetensors(paths: list[Path], layers: int | None = None) -> SafetensorsCount:
    """Count the tensors of safetensors files from their headers only; tensors of layers
    beyond `layers` (multi-token prediction) and of vision/audio towers are counted apart.

    Raises:
        InputError: a header is damaged.
    """
    params = size = experts = embedding = side = 0
    packed = False
    for path in paths:
        for name, entry in _safetensors_header(path).items():
            if name == "__metadata__":
                continue
            if not isinstance(entry, dict) or not isinstance(entry.get("shape"), list):
                raise InputError(f"{path}: tensor {name} has no shape")
            count = 1
            for dim in entry["shape"]:
                if not isinstance(dim, int) or isinstance(dim, bool) or dim < 0:
                    raise InputError(f"{path}: tensor {name} has a malformed shape")
                count *= dim
            if count > MAX_TENSOR_ELEMENTS:  # 2^62 x 2^62: 2.1e37 parameters, 3 MB, "FITS"
                raise InputError(f"{path}: tensor {name} of {count:.3g} elements is not "
                                 "plausible (at most 2^40)")
            dtype = entry.get("dtype")
            if not isinstance(dtype, str) or dtype not in _SAFETENSORS_DTYPE_BYTES:
                raise InputError(f"{path}: tensor {name} has unknown dtype {dtype!r}")
            _check_offsets(path, name, entry.get("data_offsets"),
                           math.ceil(count * _SAFETENSORS_DTYPE_BYTES[dtype]))
            layer = _LAYER.search(name)
            if _SIDE.search(name) or (layers is not None and layer is not None
                                      and int(layer.group(1)) >= layers):
                side += count
                continue
            stored = round(count * _SAFETENSORS_DTYPE_BYTES[dtype])
            size += stored
            if ".experts." in name or "_exps" in name:
                experts += stored
            elif "embed_tokens" in name or "word_embeddings" in name:
                embedding += stored
            if _SCALE.search(name.removesuffix(".weight")):
                continue
            if _PACKED.search(name.removesuffix(".weight")) or (
                    dtype in ("U8", "I32") and "weight" in name):
                packed = True
            params += count
    if not params and not packed:
        raise InputError(f"{', '.join(p.name for p in paths[:3])}: the safetensors files hold "
                         "no tensors of the model")
    return SafetensorsCount(params, size, experts, embedding, side, packed)


def _check_offsets(path: Path, name: str, offsets: Any, size: int) -> None:
    """A tensor's data_offsets span exactly the bytes its shape and dtype need (the data
    itself need not be there: only headers are read).

    Raises:
        InputError: they are missing, malformed or disagree with the shape.
    """
    if not (isinstance(offsets, list) and len(offsets) == 2
            and all(isinstance(o, int) and not isinstance(o, bool) for o in offsets)
            and 0 <= offsets[0] <= offsets[1]):
        raise InputError(f"{path}: tensor {name} has malformed data_offsets "
                         f"{str(offsets)[:60]}")
    if offsets[1] - offsets[0] != size:
        raise InputError(f"{path}: tensor {name}'s data_offsets span "
                         f"{offsets[1] - offsets[0]:,} bytes; its shape and dtype need "
                         f"{size:,}")


def load_model_folder(folder: Path) -> LoadedModel:
    """A model folder: config.json, counted exactly when safetensors files are present.

    Raises:
        InputError: no config.json, or a malformed config or header.
    """
    config_path = folder / "config.json"
    if not config_path.is_file():
        raise InputError(f"{folder}: no config.json in this folder")
    spec = model_from_config(load_json(config_path), folder.name, str(config_path))
    shards = sorted(folder.glob("*.safetensors"))[:_MAX_SHARDS]
    if not shards:
        return LoadedModel(replace(spec, notes=(*spec.notes, msg(
            "no safetensors files: parameter count from the architecture"))))
    counted = count_safetensors(shards, spec.arch.layer_count)
    notes = list(spec.notes)
    if counted.side_params:
        notes.append(msg("{billions}B parameters of vision/audio towers or multi-token "
                         "prediction layers in the files are not served here",
                         billions=billions(counted.side_params, 2)))
    moe = spec.arch.moe
    share = moe.routed_share if moe else 1.0
    embedding = 0 if spec.arch.tied_embeddings else counted.embedding_bytes
    measured = WeightBytes(counted.weight_bytes,
                           counted.weight_bytes - counted.expert_bytes - embedding,
                           counted.expert_bytes, share, embedding,
                           msg("the safetensors headers"))
    if counted.packed:
        notes.append(msg("checkpoint holds packed low-bit tensors: parameter count from the "
                         "architecture, weight bytes from the files"))
        return LoadedModel(replace(spec, notes=tuple(notes)), "shipped", measured)
    computed = param_count(spec.arch)
    if computed and abs(counted.params - computed) / computed > 0.005:
        notes.append(msg("the files hold {params} parameters, the architecture reading "
                         "{computed}: the files' count is used", params=Count(counted.params),
                         computed=Count(computed)))
    return LoadedModel(replace(spec, counted_params=counted.params, notes=tuple(notes)),
                       "shipped", measured)


# --- GGUF -----------------------------------------------------------------------------------------

# llama.cpp architectures whose layer pattern is set in code rather than in metadata
# (llama-model.cpp, hparams.set_swa_pattern): every n-th layer is full attention.
_SWA_PATTERN = {"gemma2": 2, "gemma3": 6, "gpt-oss": 2, "cohere2": 4, "llama4": 4}
# Llama 4 attends within 8,192-token chunks on three of four layers (llama-model.cpp sets
# n_swa = 8192 with LLAMA_SWA_TYPE_CHUNKED; Llama4TextConfig.attention_chunk_size).
_LLAMA4_CHUNK = 8192
_GGUF_KNOWN = ("llama", "mistral", "qwen2", "qwen3", "qwen2moe", "qwen3moe", "gemma", "gemma2",
               "gemma3", "phi3", "gpt-oss", "deepseek2", "glm4moe", "qwen3next", "llama4",
               "bert", "minimax-m2", "olmo2", "smollm3")


class _Meta:
    def __init__(self, gguf: GgufFile, path: Path) -> None:
        self.meta = gguf.metadata
        self.arch = str(self.meta.get("general.architecture"))
        self.path = path

    def get(self, key: str, default: Any = None) -> Any:
        return self.meta.get(f"{self.arch}.{key}", default)

    def whole(self, key: str, default: int | None = None, layer: int = 0,
              minimum: int = 0) -> int:
        value = self.get(key, default)
        if isinstance(value, list):
            value = value[layer] if layer < len(value) else (max(value) if value else None)
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            need = "a whole number" + (f" >= {minimum}" if minimum else "")
            raise InputError(f"{self.path}: GGUF metadata '{self.arch}.{key}' is missing or "
                             f"malformed (it must be {need}, got {str(value)[:40]})")
        return value


def _gguf_layer(meta: _Meta, names: dict[str, GgufTensor], index: int) -> Layer:
    blk = f"blk.{index}."
    # hybrid models give linear-attention layers 0 heads; an attention layer needs one
    attends = not (blk + "ssm_in.weight" in names or blk + "ssm_out.weight" in names)
    heads = meta.whole("attention.head_count", layer=index, minimum=1 if attends else 0)
    attention: FullAttention | LatentAttention | LinearAttention
    if blk + "attn_kv_a_mqa.weight" in names:
        rope = meta.whole("rope.dimension_count", 64)
        key = meta.whole("attention.key_length_mla", meta.get("attention.key_length"))
        value = meta.whole("attention.value_length_mla", meta.get("attention.value_length"))
        attention = LatentAttention(heads, meta.whole("attention.q_lora_rank", 0),
                                    meta.whole("attention.kv_lora_rank"), key - rope, rope, value)
    elif blk + "ssm_in.weight" in names or blk + "ssm_out.weight" in names:
        key_heads = meta.whole("ssm.group_count")
        value_heads = meta.whole("ssm.time_step_rank")
        attention = LinearAttention(key_heads, value_heads, meta.whole("ssm.state_size"),
                                    meta.whole("ssm.inner_size") // max(value_heads, 1),
                                    meta.whole("ssm.conv_kernel"))
    else:
        hidden = meta.whole("embedding_length", minimum=1)
        head_dim = meta.whole("attention.key_length", hidden // max(heads, 1), minimum=1)
        kv_heads = meta.whole("attention.head_count_kv", heads, layer=index) or heads
        window = meta.get("attention.sliding_window")
        chunked = meta.arch == "llama4"
        if chunked:
            window = _LLAMA4_CHUNK
        every = _SWA_PATTERN.get(meta.arch)
        sliding = isinstance(window, int) and window > 0 and (
            every is None or (index + 1) % every != 0)
        attention = FullAttention(heads, kv_heads, head_dim,
                                  meta.whole("attention.value_length", head_dim, minimum=1),
                                  window if sliding else None, chunked=chunked)
    down = names.get(blk + "ffn_down_exps.weight")
    mlp: DenseMlp | MoeMlp
    if down is not None:
        shared = names.get(blk + "ffn_down_shexp.weight")
        experts = meta.whole("expert_count", minimum=1)
        used = meta.whole("expert_used_count", minimum=1)
        if used > experts:  # was taken: 8 of 4 experts per token
            raise InputError(f"{meta.path}: GGUF metadata '{meta.arch}.expert_used_count' "
                             f"({used}) is more than the {experts} experts "
                             f"('{meta.arch}.expert_count')")
        mlp = MoeMlp(experts, down.dims[0], used, shared.dims[0] if shared is not None else 0)
    else:
        dense = names.get(blk + "ffn_down.weight")
        width = dense.dims[0] if dense is not None else meta.whole("feed_forward_length",
                                                                    layer=index)
        mlp = DenseMlp(width)
    return Layer(attention, mlp)


def arch_from_gguf(gguf: GgufFile, path: Path) -> tuple[Architecture, list[Text]]:
    """The architecture a GGUF header describes, and the reasons it is an estimate (if any).

    Raises:
        InputError: a required metadata key is missing.
    """
    meta = _Meta(gguf, path)
    if "general.architecture" not in gguf.metadata:
        raise InputError(f"{path}: GGUF metadata 'general.architecture' is missing")
    names = {tensor.name: tensor for tensor in gguf.tensors}
    layers = meta.whole("block_count", minimum=1)
    if layers > 1024:
        raise InputError(f"{path}: GGUF block_count {layers} is not plausible")
    nextn = meta.whole("nextn_predict_layers", 0)
    served = max(layers - nextn, 1)
    embedding = names.get("token_embd.weight")
    vocab = meta.get("vocab_size") or gguf.metadata.get("tokenizer.ggml.tokens")
    if isinstance(vocab, list):
        vocab = len(vocab)
    if not isinstance(vocab, int) and embedding is not None and len(embedding.dims) == 2:
        vocab = embedding.dims[1]
    if not isinstance(vocab, int) or vocab <= 0:
        raise InputError(f"{path}: GGUF header gives no vocabulary size")
    built: dict[Layer, Layer] = {}
    stack = []
    for index in range(layers):
        layer = _gguf_layer(meta, names, index)
        stack.append(built.setdefault(layer, layer))
    reasons: list[Text] = [] if meta.arch in _GGUF_KNOWN else [msg(
        "GGUF architecture '{arch}' is not one the planner knows: layers read from the tensor "
        "names", arch=Name(meta.arch))]
    arch = Architecture(
        family=meta.arch, hidden_size=meta.whole("embedding_length", minimum=1), vocab_size=vocab,
        layers=tuple(stack[:served]), tied_embeddings="output.weight" not in names,
        max_context=meta.whole("context_length", 4096, minimum=1),
        mtp_layers=tuple(stack[served:]))
    return arch, reasons


def load_gguf(path: Path) -> LoadedModel:
    """A .gguf file: architecture from the header, real tensor sizes from the tensor table.

    Raises:
        InputError: the file is not a readable GGUF file.
    """
    gguf = read_gguf(path)
    arch, reasons = arch_from_gguf(gguf, path)
    if not gguf.tensors:  # was read as a model of 0 parameters and 0 bytes that "FITS"
        raise InputError(f"{path}: the GGUF file holds no tensors")
    moe = arch.moe
    total = always = routed = embedding = params = 0
    for tensor in gguf.tensors:
        layer = _GGUF_LAYER.match(tensor.name)
        if layer is not None and int(layer.group(1)) >= arch.layer_count:
            continue  # a multi-token prediction layer: not served
        params += tensor.elements
        size = ggml_type_bytes(tensor.type_name, tensor.elements)
        total += size
        if "_exps" in tensor.name:
            routed += size
        elif tensor.name == "token_embd.weight" and not arch.tied_embeddings:
            embedding += size
        else:
            always += size
    measured = WeightBytes(total, always, routed, moe.routed_share if moe else 1.0, embedding,
                           msg("the file's tensor table"))
    name = str(gguf.metadata.get("general.name") or path.stem)
    file_type = gguf.metadata.get("general.file_type")
    problem = (f"{path}: a GGUF file; give its type" if file_type is None else
               f"{path}: GGUF general.file_type {str(file_type)[:40]} is not a type llmplan "
               "knows; give the type")
    spec = ModelSpec(id=name, name=path.name, arch=arch,
                     shipped=ShippedFormat(None, problem=problem),
                     counted_params=params,
                     estimate_reasons=tuple(reasons))
    return LoadedModel(spec, file_type_name(gguf), measured)


def load_model_ref(ref: str) -> LoadedModel:
    """Resolve a catalog id, config.json path, model folder or .gguf path.

    Raises:
        InputError: nothing by that name, or the file is malformed.
    """
    path = Path(ref).expanduser()
    if path.is_dir():
        return load_model_folder(path)
    if path.is_file():
        if path.suffix.lower() == ".gguf":
            return load_gguf(path)
        if path.suffix.lower() == ".json":
            model_id = path.parent.name or path.stem
            return LoadedModel(model_from_config(load_json(path), model_id, str(path)))
        raise InputError(f"{path}: expected a config.json, a model folder or a .gguf file")
    model = find_model(ref)
    if model is None:
        raise InputError(f"unknown model '{ref}': not a catalog id nor an existing path; "
                         + _suggestion(ref))
    return LoadedModel(model)


# Suffixes of quantized re-uploads (their format differs from the base model's shipped one).
_QUANTIZED = re.compile(r"[-_.](fp8(-dynamic)?|fp4|nvfp4|mxfp4|awq|gptq(-int[48])?|int[48]|"
                        r"w4a16|w8a8|gguf|bnb-4bit|[48]bit|mlx(-[0-9a-z]+)?)$", re.IGNORECASE)


def _suggestion(ref: str) -> str:
    """What the user may have meant: the base of a quantized re-upload, or close catalog ids."""
    base = find_model(_QUANTIZED.sub("", ref.strip()))
    if base is not None and _QUANTIZED.search(ref.strip()):
        return (f"it looks like a quantized upload of the catalog's {base.id}: give --model "
                f"{base.id} with the matching --quant, or point --model at its config.json "
                "(its quantization_config is then read as 'shipped')")
    ids = [m.id for m in model_catalog()]
    names = {m.id.split("/")[-1].lower(): m.id for m in model_catalog()}
    close = difflib.get_close_matches(ref.strip().split("/")[-1].lower(), names, n=3,
                                      cutoff=0.6)
    hint = f"did you mean {', '.join(names[name] for name in close)}? " if close else ""
    return (f"{hint}{len(ids)} catalog models: `llmplan catalog list --kind models` lists "
            "them")
