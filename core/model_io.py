"""Turn what the user points at into a ModelSpec: a catalog id, a Hugging Face config.json, a
model folder (config.json plus safetensors headers), or a .gguf file. Offline, headers only."""

import json
import struct
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from core.errors import InputError
from core.gguf import GgufFile, file_type_name, read_gguf
from core.quant import ggml_type_bytes
from core.resources import load_json
from core.specs import KNOWN_FAMILIES, ModelSpec, find_model, model_catalog

_SAFETENSORS_DTYPE_BYTES = {
    "F64": 8, "F32": 4, "F16": 2, "BF16": 2, "F8_E4M3": 1, "F8_E5M2": 1, "I64": 8, "I32": 4,
    "I16": 2, "I8": 1, "U8": 1, "BOOL": 1,
}
_MAX_HEADER = 100 * 2**20


@dataclass(frozen=True)
class LoadedModel:
    """A model spec plus, for a GGUF file, its real weight sizes and type."""

    spec: ModelSpec
    file_quant: str | None = None
    measured_weights_bytes: int | None = None
    measured_active_weights_bytes: int | None = None


def _field(config: dict[str, Any], key: str, source: str, default: Any = None) -> Any:
    value = config.get(key, default)
    if value is None:
        raise InputError(f"{source}: required field '{key}' is missing")
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise InputError(f"{source}: field '{key}' must be a positive whole number, "
                         f"got {value!r}")
    return value


def model_from_config(config: Any, model_id: str, source: str) -> ModelSpec:
    """A ModelSpec from a Hugging Face config.json's contents.

    Raises:
        InputError: the config lacks a required field or has a malformed one.
    """
    if not isinstance(config, dict):
        raise InputError(f"{source}: expected a JSON object")
    notes: list[str] = []
    if isinstance(config.get("text_config"), dict) and "num_hidden_layers" not in config:
        config = {**config["text_config"], "model_type": config["text_config"].get(
            "model_type", config.get("model_type"))}
        notes.append("multimodal config: only the language model is planned")
    model_type = str(config.get("model_type", "unknown")).lower()
    layers = _field(config, "num_hidden_layers", source)
    hidden = _field(config, "hidden_size", source)
    heads = _field(config, "num_attention_heads", source)
    kv_heads = _field(config, "num_key_value_heads", source, heads)
    head_dim = config.get("head_dim") or hidden // heads
    if not isinstance(head_dim, int) or head_dim <= 0:
        raise InputError(f"{source}: field 'head_dim' must be a positive whole number")
    if heads % kv_heads:
        raise InputError(f"{source}: num_attention_heads ({heads}) is not a multiple of "
                         f"num_key_value_heads ({kv_heads})")
    family = "mistral" if model_type == "mistral" else model_type
    experts = config.get("num_local_experts") or 0
    if experts and family == "mistral":
        family = "mixtral"
    sliding = None
    pattern = None
    if family in ("mistral", "mixtral") and config.get("sliding_window"):
        sliding, pattern = config["sliding_window"], "all"
    elif family == "gemma2" and config.get("sliding_window"):
        sliding, pattern = config["sliding_window"], "alternate"
    elif family in ("qwen2", "qwen3") and config.get("use_sliding_window"):
        sliding, pattern = config.get("sliding_window"), "all"
    tied_default = family in ("gemma", "gemma2")
    spec = ModelSpec(
        id=model_id, name=model_id, family=family, layers=layers, hidden_size=hidden,
        heads=heads, kv_heads=kv_heads, head_dim=head_dim,
        ffn_size=_field(config, "intermediate_size", source),
        vocab_size=_field(config, "vocab_size", source),
        max_context=_field(config, "max_position_embeddings", source, 4096),
        tied_embeddings=bool(config.get("tie_word_embeddings", tied_default)),
        attention_bias=family == "qwen2" or bool(config.get("attention_bias", False)),
        experts=int(experts), experts_per_token=int(config.get("num_experts_per_tok") or 0),
        sliding_window=int(sliding) if sliding else None,
        sliding_window_pattern=pattern if sliding else None,
        notes=tuple(notes),
    )
    if family not in KNOWN_FAMILIES:
        return replace(spec, notes=(*spec.notes, f"model_type '{model_type}' read with the "
                                                  "Llama layout; parameter count is an estimate"))
    return spec


def _safetensors_header(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            raw = handle.read(8)
            if len(raw) != 8:
                raise InputError(f"{path}: file too short for a safetensors header")
            (length,) = struct.unpack("<Q", raw)
            if length > _MAX_HEADER:
                raise InputError(f"{path}: safetensors header of {length} bytes is not plausible")
            header = json.loads(handle.read(length).decode("utf-8"))
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}") from error
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: safetensors header is not valid JSON: {error}") from error
    if not isinstance(header, dict):
        raise InputError(f"{path}: safetensors header is not a JSON object")
    return header


def count_safetensors(paths: list[Path]) -> tuple[int, int, bool]:
    """(elements, bytes, packed) over the tensors of safetensors files, from headers only.

    `packed` is True when integer-packed quantized weights make the element count wrong.
    """
    elements = size = 0
    packed = False
    for path in paths:
        for name, entry in _safetensors_header(path).items():
            if name == "__metadata__":
                continue
            if not isinstance(entry, dict) or not isinstance(entry.get("shape"), list):
                raise InputError(f"{path}: tensor {name} has no shape")
            count = 1
            for dim in entry["shape"]:
                if not isinstance(dim, int) or dim < 0:
                    raise InputError(f"{path}: tensor {name} has a malformed shape")
                count *= dim
            dtype = entry.get("dtype")
            if dtype not in _SAFETENSORS_DTYPE_BYTES:
                raise InputError(f"{path}: tensor {name} has unknown dtype {dtype!r}")
            if name.endswith(("qweight", "qzeros", "weight_packed")):
                packed = True
            elements += count
            size += count * _SAFETENSORS_DTYPE_BYTES[dtype]
    return elements, size, packed


def load_model_folder(folder: Path) -> LoadedModel:
    """A model folder: config.json, counted exactly when safetensors files are present.

    Raises:
        InputError: no config.json, or a malformed config or header.
    """
    config_path = folder / "config.json"
    if not config_path.is_file():
        raise InputError(f"{folder}: no config.json in this folder")
    spec = model_from_config(load_json(config_path), folder.name, str(config_path))
    shards = sorted(folder.glob("*.safetensors"))
    if not shards:
        return LoadedModel(replace(spec, notes=(*spec.notes, "no safetensors files: parameter "
                                                               "count from the architecture")))
    elements, _, packed = count_safetensors(shards)
    if packed:
        note = "checkpoint holds packed quantized tensors: parameter count from the architecture"
        return LoadedModel(replace(spec, notes=(*spec.notes, note)))
    return LoadedModel(replace(spec, counted_params=elements))


def _gguf_int(metadata: dict[str, Any], key: str, path: Path, default: int | None = None) -> int:
    value = metadata.get(key, default)
    if isinstance(value, list) and value:
        value = max(value)  # per-layer arrays (e.g. head_count_kv): plan for the largest
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise InputError(f"{path}: GGUF metadata '{key}' is missing or malformed")
    return value


def spec_from_gguf(gguf: GgufFile, path: Path) -> ModelSpec:
    """The architecture a GGUF header describes.

    Raises:
        InputError: a required metadata key is missing.
    """
    meta = gguf.metadata
    arch = meta.get("general.architecture")
    if not isinstance(arch, str):
        raise InputError(f"{path}: GGUF metadata 'general.architecture' is missing")
    names = {tensor.name for tensor in gguf.tensors}
    heads = _gguf_int(meta, f"{arch}.attention.head_count", path)
    hidden = _gguf_int(meta, f"{arch}.embedding_length", path)
    experts = meta.get(f"{arch}.expert_count") or 0
    embedding = next((t for t in gguf.tensors if t.name == "token_embd.weight"), None)
    vocab = meta.get(f"{arch}.vocab_size") or meta.get("tokenizer.ggml.tokens")
    if isinstance(vocab, list):
        vocab = len(vocab)
    if not isinstance(vocab, int) and embedding is not None and len(embedding.dims) == 2:
        vocab = embedding.dims[1]
    if not isinstance(vocab, int) or vocab <= 0:
        raise InputError(f"{path}: GGUF header gives no vocabulary size")
    family = "mixtral" if arch == "llama" and experts else arch
    sliding = meta.get(f"{arch}.attention.sliding_window")
    notes = [] if family in KNOWN_FAMILIES else [
        f"GGUF architecture '{arch}' read with the Llama layout; sizes are estimates"]
    return ModelSpec(
        id=str(meta.get("general.name") or path.stem), name=path.name, family=family,
        layers=_gguf_int(meta, f"{arch}.block_count", path),
        hidden_size=hidden, heads=heads,
        kv_heads=_gguf_int(meta, f"{arch}.attention.head_count_kv", path, heads),
        head_dim=_gguf_int(meta, f"{arch}.attention.key_length", path, hidden // heads),
        ffn_size=_gguf_int(meta, f"{arch}.feed_forward_length", path),
        vocab_size=vocab,
        max_context=_gguf_int(meta, f"{arch}.context_length", path, 4096),
        tied_embeddings="output.weight" not in names,
        attention_bias="blk.0.attn_q.bias" in names,
        experts=int(experts), experts_per_token=int(meta.get(f"{arch}.expert_used_count") or 0),
        sliding_window=int(sliding) if isinstance(sliding, int) and sliding > 0 else None,
        sliding_window_pattern=("alternate" if arch == "gemma2" else "all")
        if isinstance(sliding, int) and sliding > 0 else None,
        counted_params=sum(tensor.elements for tensor in gguf.tensors),
        notes=tuple(notes),
    )


def load_gguf(path: Path) -> LoadedModel:
    """A .gguf file: architecture from the header, real tensor sizes from the tensor table.

    Raises:
        InputError: the file is not a readable GGUF file.
    """
    gguf = read_gguf(path)
    spec = spec_from_gguf(gguf, path)
    total = active = 0.0
    share = spec.experts_per_token / spec.experts if spec.is_moe else 1.0
    for tensor in gguf.tensors:
        size = ggml_type_bytes(tensor.type_name, tensor.elements)
        total += size
        active += size * (share if "_exps" in tensor.name else 1.0)
    return LoadedModel(spec, file_type_name(gguf), int(total), round(active))


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
        known = ", ".join(m.id for m in model_catalog())
        raise InputError(f"unknown model '{ref}': not a catalog id nor an existing path; "
                         f"catalog ids: {known}")
    return LoadedModel(model)
