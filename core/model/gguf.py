"""A reader for the header and tensor table of a GGUF file; tensor data is never read.

Format: magic 'GGUF', uint32 version (2 or 3), uint64 tensor count, uint64 metadata count,
metadata key/value pairs, then per tensor: name, uint32 n_dims, uint64 dims, uint32 ggml type,
uint64 offset (ggml's docs/gguf.md). All little-endian.
"""

import os
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from core.errors import InputError

# ggml_type enum values (ggml.h) for the types that occur in published files.
GGML_TYPE_NAMES = {
    0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 6: "Q5_0", 7: "Q5_1", 8: "Q8_0", 9: "Q8_1",
    10: "Q2_K", 11: "Q3_K", 12: "Q4_K", 13: "Q5_K", 14: "Q6_K", 15: "Q8_K", 16: "IQ2_XXS",
    17: "IQ2_XS", 18: "IQ3_XXS", 19: "IQ1_S", 20: "IQ4_NL", 21: "IQ3_S", 22: "IQ2_S",
    23: "IQ4_XS", 24: "I8", 25: "I16", 26: "I32", 27: "I64", 28: "F64", 29: "IQ1_M",
    30: "BF16", 34: "TQ1_0", 35: "TQ2_0", 39: "MXFP4",
}
# llama_ftype values (llama.h) as the planner names them.
FILE_TYPE_NAMES = {
    0: "fp32", 1: "fp16", 2: "Q4_0", 7: "Q8_0", 8: "Q5_0", 10: "Q2_K", 11: "Q3_K_S",
    12: "Q3_K_M", 13: "Q3_K_L", 14: "Q4_K_S", 15: "Q4_K_M", 16: "Q5_K_S", 17: "Q5_K_M",
    18: "Q6_K", 30: "IQ4_XS", 32: "bf16", 38: "MXFP4_MOE",
}

_SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?",
            10: "<Q", 11: "<q", 12: "<d"}
_STRING, _ARRAY = 8, 9
_MAX_STRING = 1 << 24
_MAX_COUNT = 1 << 26
_KEPT_ARRAY = 64  # arrays longer than this keep only their length
_KEPT_NUMBERS = 1024  # number arrays up to this many items are kept (per-layer head counts)
# Published files nest arrays at most two deep; deeper nesting (100,000 levels) ran Python out
# of recursion, an internal error.
_MAX_NESTING = 8
# No tensor of a published model has 2^40 (1.1e12) elements (the largest, expert blocks of a
# trillion-parameter MoE, have about 5.6e9); dims of 2^62 gave 2.1e37 parameters.
MAX_TENSOR_ELEMENTS = 2**40


@dataclass(frozen=True)
class GgufTensor:
    name: str
    dims: tuple[int, ...]
    type_name: str

    @property
    def elements(self) -> int:
        count = 1
        for dim in self.dims:
            count *= dim
        return count


@dataclass(frozen=True)
class GgufFile:
    """What the header says: metadata (long arrays as their length) and the tensor table."""

    path: str
    version: int
    metadata: dict[str, Any]
    tensors: tuple[GgufTensor, ...]


class _Reader:
    def __init__(self, handle: BinaryIO, path: Path) -> None:
        self.handle = handle
        self.path = path
        self.size = os.fstat(handle.fileno()).st_size

    def take(self, size: int) -> bytes:
        data = self.handle.read(size)
        if len(data) != size:
            raise InputError(f"{self.path}: GGUF header is truncated")
        return data

    def skip(self, size: int) -> None:
        """Move past `size` bytes without reading them (a long array's values)."""
        position = self.handle.tell() + size
        if position > self.size:
            raise InputError(f"{self.path}: GGUF header is truncated")
        self.handle.seek(position)

    def unpack(self, fmt: str) -> Any:
        return struct.unpack(fmt, self.take(struct.calcsize(fmt)))[0]

    def string(self) -> str:
        length = self.unpack("<Q")
        if length > _MAX_STRING:
            raise InputError(f"{self.path}: GGUF string of {length} bytes is not plausible")
        return self.take(length).decode("utf-8", errors="replace")

    def value(self, kind: int, depth: int = 0) -> Any:
        if kind in _SCALARS:
            return self.unpack(_SCALARS[kind])
        if kind == _STRING:
            return self.string()
        if kind == _ARRAY:
            if depth >= _MAX_NESTING:
                raise InputError(f"{self.path}: GGUF arrays nested more than {_MAX_NESTING} "
                                 "deep are not plausible")
            item_kind = self.unpack("<I")
            count = self.unpack("<Q")
            if count > _MAX_COUNT:
                raise InputError(f"{self.path}: GGUF array of {count} items is not plausible")
            if item_kind in _SCALARS:
                size = struct.calcsize(_SCALARS[item_kind])
                if count > _KEPT_NUMBERS:
                    self.skip(count * size)
                    return count
                raw = self.take(count * size)
                return list(struct.unpack(f"<{count}{_SCALARS[item_kind][1]}", raw))
            items = [self.value(item_kind, depth + 1) for _ in range(count)]
            return items if count <= _KEPT_ARRAY else count
        raise InputError(f"{self.path}: unknown GGUF value type {kind}")


def read_gguf(path: Path) -> GgufFile:
    """Read the header and tensor table of a GGUF file.

    Raises:
        InputError: the file cannot be read, is not GGUF, or its header is damaged.
    """
    try:
        with path.open("rb") as handle:
            reader = _Reader(handle, path)
            if reader.take(4) != b"GGUF":
                raise InputError(f"{path} is not a GGUF file (no 'GGUF' magic)")
            version = reader.unpack("<I")
            if version not in (2, 3):
                raise InputError(f"{path}: GGUF version {version} is not supported (2 or 3)")
            tensor_count = reader.unpack("<Q")
            kv_count = reader.unpack("<Q")
            if tensor_count > _MAX_COUNT or kv_count > _MAX_COUNT:
                raise InputError(f"{path}: GGUF header counts are not plausible")
            metadata: dict[str, Any] = {}
            for _ in range(kv_count):
                key = reader.string()
                metadata[key] = reader.value(reader.unpack("<I"))
            tensors = []
            for _ in range(tensor_count):
                name = reader.string()
                n_dims = reader.unpack("<I")
                if not 1 <= n_dims <= 4:
                    raise InputError(f"{path}: tensor {name} has {n_dims} dimensions")
                dims = tuple(reader.unpack("<Q") for _ in range(n_dims))
                type_id = reader.unpack("<I")
                reader.unpack("<Q")  # offset into the data section
                if type_id not in GGML_TYPE_NAMES:
                    raise InputError(f"{path}: tensor {name} has unknown ggml type {type_id}")
                tensor = GgufTensor(name, dims, GGML_TYPE_NAMES[type_id])
                if tensor.elements > MAX_TENSOR_ELEMENTS:
                    raise InputError(f"{path}: tensor {name} of {' x '.join(map(str, dims))} "
                                     f"elements is not plausible (at most 2^40)")
                tensors.append(tensor)
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}") from error
    return GgufFile(str(path), version, metadata, tuple(tensors))


def file_type_name(gguf: GgufFile) -> str | None:
    """The planner's name for the file's general.file_type, or None when unknown."""
    value = gguf.metadata.get("general.file_type")
    return FILE_TYPE_NAMES.get(value) if isinstance(value, int) else None
