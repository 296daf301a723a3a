"""Valid inputs of every kind llmplan reads, made by the tests (nothing large is committed):
the corpus and the mutation tests start from these and make them hostile.

Kinds: a config.json, a GGUF file (dense and MoE), a model folder with a safetensors file, a
scenario file, the price files of every import format, a hardware profile, what `nvidia-smi`
prints over SSH, and the database."""

import json
import shutil
import struct
from dataclasses import replace
from pathlib import Path
from typing import Any

from tests.fakes import TINY_LLAMA_CONFIG, write_safetensors

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "resources" / "examples"
DATA = REPO / "tests" / "data"
PRICES = DATA / "prices"
SMI = DATA / "nvidia-smi"

# --- config.json -------------------------------------------------------------------------------

# A Mixtral-shaped MoE config (model_type mixtral: sliding_window is read, 4 experts, 2 per
# token), small enough that a fit takes milliseconds.
TINY_MOE_CONFIG = {
    "architectures": ["MixtralForCausalLM"], "model_type": "mixtral", "hidden_size": 256,
    "intermediate_size": 512, "num_attention_heads": 4, "num_key_value_heads": 2,
    "num_hidden_layers": 2, "vocab_size": 512, "max_position_embeddings": 4096,
    "num_local_experts": 4, "num_experts_per_tok": 2, "sliding_window": 1024,
    "tie_word_embeddings": False, "torch_dtype": "bfloat16",
}
CONFIGS = {"llama": TINY_LLAMA_CONFIG, "mixtral": TINY_MOE_CONFIG}
FIT = ("--quant", "bf16", "--gpu", "h100-sxm", "--context", "2048", "--json")


def config_text(config: dict[str, Any]) -> str:
    return json.dumps(config, indent=1)


# --- safetensors ---------------------------------------------------------------------------------


def llama_tensors(config: dict[str, Any] = TINY_LLAMA_CONFIG) -> dict[str, list[int]]:
    """The tensor names and shapes of a Llama checkpoint of `config` (transformers' names)."""
    h, ffn, vocab = config["hidden_size"], config["intermediate_size"], config["vocab_size"]
    kv = h // config["num_attention_heads"] * config["num_key_value_heads"]
    tensors = {"model.embed_tokens.weight": [vocab, h], "model.norm.weight": [h],
               "lm_head.weight": [vocab, h]}
    for layer in range(config["num_hidden_layers"]):
        p = f"model.layers.{layer}."
        tensors |= {p + "self_attn.q_proj.weight": [h, h], p + "self_attn.k_proj.weight": [kv, h],
                    p + "self_attn.v_proj.weight": [kv, h], p + "self_attn.o_proj.weight": [h, h],
                    p + "mlp.gate_proj.weight": [ffn, h], p + "mlp.up_proj.weight": [ffn, h],
                    p + "mlp.down_proj.weight": [h, ffn], p + "input_layernorm.weight": [h],
                    p + "post_attention_layernorm.weight": [h]}
    return tensors


def model_folder(folder: Path) -> Path:
    """A model folder: config.json and one safetensors file with zero-filled BF16 tensors."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.json").write_text(config_text(TINY_LLAMA_CONFIG))
    write_safetensors(folder / "model.safetensors", llama_tensors())
    return folder


def safetensors_bytes(header: Any, data: bytes = b"", length: int | None = None) -> bytes:
    """A safetensors file: 8-byte little-endian header length (`length`, else the true one),
    the header (JSON when not bytes), then `data`."""
    raw = header if isinstance(header, bytes) else json.dumps(header).encode()
    return struct.pack("<Q", len(raw) if length is None else length) + raw + data


# --- GGUF ----------------------------------------------------------------------------------------

# GGUF value types (ggml docs/gguf.md: gguf_metadata_value_type).
GGUF_TYPES = {"u8": 0, "i8": 1, "u16": 2, "i16": 3, "u32": 4, "i32": 5, "f32": 6, "bool": 7,
              "str": 8, "arr": 9, "u64": 10, "i64": 11, "f64": 12}
_PACK = {"u8": "<B", "i8": "<b", "u16": "<H", "i16": "<h", "u32": "<I", "i32": "<i",
         "f32": "<f", "bool": "<?", "u64": "<Q", "i64": "<q", "f64": "<d"}
F32, F16 = 0, 1  # ggml_type ids (ggml.h)

Typed = tuple[str, Any]  # ("u32", 2), ("str", "llama"), ("arr", ("str", [...]))


def gguf_string(text: str | bytes) -> bytes:
    raw = text if isinstance(text, bytes) else text.encode()
    return struct.pack("<Q", len(raw)) + raw


def gguf_value(kind: str, value: Any) -> bytes:
    if kind == "str":
        return gguf_string(value)
    if kind == "arr":
        item_kind, items = value
        return (struct.pack("<IQ", GGUF_TYPES[item_kind], len(items))
                + b"".join(gguf_value(item_kind, item) for item in items))
    return struct.pack(_PACK[kind], value)


def gguf_bytes(metadata: dict[str, Typed], tensors: list[tuple[str, tuple[int, ...], int]],
               *, tensor_count: int | None = None, kv_count: int | None = None,
               version: int = 3) -> bytes:
    """A GGUF header and tensor table (no tensor data: the reader never needs it). The counts
    in the header are the true ones unless given."""
    body = b"".join(gguf_string(key) + struct.pack("<I", GGUF_TYPES[kind]) + gguf_value(kind, v)
                    for key, (kind, v) in metadata.items())
    offset = 0
    for name, dims, type_id in tensors:
        body += gguf_string(name) + struct.pack("<I", len(dims))
        body += b"".join(struct.pack("<Q", dim) for dim in dims)
        body += struct.pack("<IQ", type_id, offset)
        offset += 32
    head = b"GGUF" + struct.pack(
        "<IQQ", version, len(tensors) if tensor_count is None else tensor_count,
        len(metadata) if kv_count is None else kv_count)
    return head + body


def gguf_seed(moe: bool = False) -> tuple[dict[str, Typed], list[tuple[str, tuple[int, ...],
                                                                         int]]]:
    """A two-layer Llama (or, with `moe`, Qwen3-MoE: 4 experts, 2 per token) GGUF's metadata
    and tensors, dims in ggml order (ne0 first)."""
    arch = "qwen3moe" if moe else "llama"
    h, ffn, vocab, kv = 256, 512, 512, 128
    metadata: dict[str, Typed] = {
        "general.architecture": ("str", arch), "general.name": ("str", "tiny"),
        "general.file_type": ("u32", 1), f"{arch}.block_count": ("u32", 2),
        f"{arch}.context_length": ("u32", 2048), f"{arch}.embedding_length": ("u32", h),
        f"{arch}.feed_forward_length": ("u32", ffn), f"{arch}.attention.head_count": ("u32", 4),
        f"{arch}.attention.head_count_kv": ("u32", 2), f"{arch}.vocab_size": ("u32", vocab),
    }
    if moe:
        metadata |= {f"{arch}.expert_count": ("u32", 4), f"{arch}.expert_used_count": ("u32", 2)}
    tensors = [("token_embd.weight", (h, vocab), F16), ("output.weight", (h, vocab), F16),
               ("output_norm.weight", (h,), F32)]
    for layer in range(2):
        b = f"blk.{layer}."
        tensors += [(b + "attn_norm.weight", (h,), F32), (b + "ffn_norm.weight", (h,), F32),
                    (b + "attn_q.weight", (h, h), F16), (b + "attn_k.weight", (h, kv), F16),
                    (b + "attn_v.weight", (h, kv), F16), (b + "attn_output.weight", (h, h), F16)]
        if moe:
            tensors += [(b + "ffn_gate_inp.weight", (h, 4), F32),
                        (b + "ffn_gate_exps.weight", (h, ffn, 4), F16),
                        (b + "ffn_up_exps.weight", (h, ffn, 4), F16),
                        (b + "ffn_down_exps.weight", (ffn, h, 4), F16)]
        else:
            tensors += [(b + "ffn_gate.weight", (h, ffn), F16),
                        (b + "ffn_up.weight", (h, ffn), F16),
                        (b + "ffn_down.weight", (ffn, h), F16)]
    return metadata, tensors


# --- scenarios, profiles, nvidia-smi over SSH ----------------------------------------------------

SCENARIOS = {path.name: path for path in sorted(EXAMPLES.glob("*.llmplan.json"))}


def scenario(name: str = "support-assistant.llmplan.json") -> dict[str, Any]:
    return json.loads(SCENARIOS[name].read_text())


def recorded(name: str) -> str:
    """A recorded nvidia-smi output without its `#` source lines."""
    return "\n".join(line for line in (SMI / name).read_text().splitlines()
                     if not line.startswith("#"))


# /etc/os-release, /proc/cpuinfo and /proc/meminfo lines as the probe's host step prints them
HOST_SECTION = ("hostname=gpu-server-01\ncpu= AMD EPYC 7763 64-Core Processor\ncores=128\n"
                "mem=MemTotal:       1056482424 kB\nos=Ubuntu 22.04.4 LTS")


def ssh_sections(gpus: str | None = None, host: str = HOST_SECTION, apps: str = "",
                 listing: str = "", code: int = 0) -> dict[str, tuple[str, int]]:
    """The sections the probe's remote script prints, as (text, exit code); the A800 server
    of tests/data/nvidia-smi by default."""
    return {"gpus": (recorded("a800-sxm4-80gb-query.csv") if gpus is None else gpus, code),
            "gpus-basic": ("", 0), "apps": (apps, 0), "list": (listing, 0), "host": (host, 0)}


def replay(sections: dict[str, tuple[str, int]]) -> str:
    """What the remote script prints: each section between its markers."""
    from core.hardware.probe.remote import MARK

    return "".join(f"{MARK}{name}==\n{text}\n{MARK}exit:{code}==\n"
                   for name, (text, code) in sections.items())


# The fake ssh: prints the files the test prepared and exits with the code asked for. A shell
# script, so a mutation test can run it hundreds of times in seconds.
FAKE_SSH = """#!/bin/sh
/bin/cat "$FAKE_SSH_STDOUT"
/bin/cat "$FAKE_SSH_STDERR" >&2
exit "${FAKE_SSH_EXIT:-0}"
"""


def fake_ssh(folder: Path, stdout: str | bytes, stderr: str | bytes = b"",
             code: int = 0) -> dict[str, str]:
    """A fake `ssh` in `folder` answering `stdout`/`stderr`; the environment that puts it
    first on PATH (nothing else is on it: a probe must not reach a real server)."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "ssh"
    script.write_text(FAKE_SSH)
    script.chmod(0o755)
    out, err = folder / "ssh.out", folder / "ssh.err"
    out.write_bytes(stdout.encode() if isinstance(stdout, str) else stdout)
    err.write_bytes(stderr.encode() if isinstance(stderr, str) else stderr)
    return {"PATH": str(folder), "FAKE_SSH_STDOUT": str(out), "FAKE_SSH_STDERR": str(err),
            "FAKE_SSH_EXIT": str(code)}


def profile_document() -> dict[str, Any]:
    """The hardware profile file `llmplan probe --ssh -o` writes for the A800 server."""
    from core.hardware.probe.host import parse_host
    from core.hardware.probe.remote import split_sections
    from core.hardware.probe.smi import profile_from_sections
    from core.hardware.profile import profile_to_dict

    sections = split_sections(replay(ssh_sections()))
    host = parse_host(dict(line.split("=", 1) for line in HOST_SECTION.splitlines()))
    profile = profile_from_sections(sections, host, "2025-06-01T12:00:00+00:00", via_ssh=True)
    document = profile_to_dict(profile)
    for gpu in document["gpus"]:  # the A800 is not in the catalog; the planner names its twin
        gpu["catalog_id"] = "a100-sxm4-80gb"
    return document


# --- price files ---------------------------------------------------------------------------------

LITELLM = PRICES / "model_prices_and_context_window.json"
SKYPILOT = PRICES / "skypilot" / "aws" / "vms.csv"
GPUHUNT = PRICES / "gpuhunt" / "aws.csv"


def own_catalog() -> Any:
    """A few rows of every kind from the bundled catalog, with its exchange rates."""
    from core.pricing.catalog import default_catalog

    full = default_catalog()
    return replace(full, api=full.api[:3], cloud=full.cloud[:3], energy=full.energy[:2],
                   hardware=full.hardware[:2])


def own_json() -> str:
    from core.pricing.importers import catalog_json

    return catalog_json(own_catalog())


def own_csv() -> str:
    from core.pricing.importers import catalog_csv

    return catalog_csv(own_catalog())


# --- the database --------------------------------------------------------------------------------


def make_database(folder: Path) -> Path:
    """A database with one saved scenario and one hardware profile, and today's daily backup
    already made (so opening it writes nothing)."""
    from core.costing.scenario import load_scenario
    from core.store.database import Store

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "llmplan.db"
    with Store(path) as store:
        store.save_scenario(load_scenario(SCENARIOS["seed-case-a.llmplan.json"]), None)
        document = profile_document()
        store.save_profile("lab", document, "gpu-server-01", document["taken_at"])
    Store(path).close()  # the second open makes today's daily backup
    assert list((folder / "backups").glob("*-daily.db"))
    return path


def copy_database(template: Path, folder: Path) -> Path:
    """The template database (and its backups folder) copied into `folder`."""
    shutil.copytree(template.parent, folder, dirs_exist_ok=True)
    return folder / template.name
