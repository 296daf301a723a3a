"""Real-shaped model files made in tests: config.json, safetensors and GGUF writers."""

import json
import struct
from pathlib import Path

# A tiny Llama-shaped architecture (dimensions multiples of 256 so K-quants apply).
TINY_LLAMA_CONFIG = {
    "architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 256,
    "intermediate_size": 512, "num_attention_heads": 4, "num_key_value_heads": 2,
    "num_hidden_layers": 2, "vocab_size": 512, "max_position_embeddings": 2048,
    "tie_word_embeddings": False, "torch_dtype": "bfloat16",
}


def write_safetensors(path: Path, tensors: dict[str, list[int]], dtype: str = "BF16") -> None:
    """A safetensors file with zero-filled tensors of the given shapes."""
    width = {"BF16": 2, "F32": 4, "I32": 4, "U8": 1}[dtype]
    header, offset = {}, 0
    for name, shape in tensors.items():
        size = width
        for dim in shape:
            size *= dim
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + size]}
        offset += size
    header["__metadata__"] = {"format": "pt"}
    raw = json.dumps(header).encode()
    with path.open("wb") as handle:
        handle.write(struct.pack("<Q", len(raw)))
        handle.write(raw)
        handle.write(bytes(offset))


def _gguf_string(text: str) -> bytes:
    raw = text.encode()
    return struct.pack("<Q", len(raw)) + raw


def write_gguf(path: Path, metadata: dict[str, object],
               tensors: list[tuple[str, tuple[int, ...], int]], version: int = 3) -> None:
    """A GGUF v3 header: metadata (ints as uint32, str, list of str) and a tensor table of
    (name, dims, ggml type id). The data section is left empty: readers must not need it."""
    body = b""
    for key, value in metadata.items():
        body += _gguf_string(key)
        if isinstance(value, str):
            body += struct.pack("<I", 8) + _gguf_string(value)
        elif isinstance(value, list):
            body += struct.pack("<IIQ", 9, 8, len(value))
            body += b"".join(_gguf_string(item) for item in value)
        else:
            body += struct.pack("<II", 4, value)
    offset = 0
    for name, dims, type_id in tensors:
        body += _gguf_string(name) + struct.pack("<I", len(dims))
        body += b"".join(struct.pack("<Q", dim) for dim in dims)
        body += struct.pack("<IQ", type_id, offset)
        offset += 32
    header = b"GGUF" + struct.pack("<IQQ", version, len(tensors), len(metadata))
    path.write_bytes(header + body)
