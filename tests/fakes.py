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


# config.json of Llama-3.1-70B as published on Hugging Face (fields the planner reads)
LLAMA_31_70B_CONFIG = {
    "model_type": "llama", "hidden_size": 8192, "intermediate_size": 28672,
    "num_attention_heads": 64, "num_key_value_heads": 8, "num_hidden_layers": 80,
    "vocab_size": 128256, "max_position_embeddings": 131072, "tie_word_embeddings": False,
    "rope_scaling": {"rope_type": "llama3", "factor": 8.0},
}


def write_tiny_gguf(path: Path, types: dict[str, int]) -> None:
    """A two-layer llama GGUF whose tensors have the ggml type ids in `types` (embd, output,
    rest, v, down); tensor dims in ggml order (ne0 first), type ids from ggml.h."""
    h, ffn, vocab, kv = 256, 512, 512, 128
    tensors = [("token_embd.weight", (h, vocab), types["embd"]),
               ("output.weight", (h, vocab), types["output"]),
               ("output_norm.weight", (h,), 0)]
    for layer in range(2):
        b = f"blk.{layer}."
        tensors += [(b + "attn_norm.weight", (h,), 0), (b + "ffn_norm.weight", (h,), 0),
                    (b + "attn_q.weight", (h, h), types["rest"]),
                    (b + "attn_k.weight", (h, kv), types["rest"]),
                    (b + "attn_v.weight", (h, kv), types["v"]),
                    (b + "attn_output.weight", (h, h), types["rest"]),
                    (b + "ffn_gate.weight", (h, ffn), types["rest"]),
                    (b + "ffn_up.weight", (h, ffn), types["rest"]),
                    (b + "ffn_down.weight", (ffn, h), types["down"])]
    metadata = {
        "general.architecture": "llama", "general.name": "tiny", "general.file_type": 15,
        "llama.block_count": 2, "llama.context_length": 2048, "llama.embedding_length": h,
        "llama.feed_forward_length": ffn, "llama.attention.head_count": 4,
        "llama.attention.head_count_kv": 2,
        "tokenizer.ggml.tokens": [f"t{i}" for i in range(vocab)],
    }
    write_gguf(path, metadata, tensors)
