"""One weight tensor as the size formulas see it: its GGUF name within its block, its layer,
shape and role.

Names follow llama.cpp's GGUF names (llama-arch.cpp), which its quantizer's per-tensor type rules
match on; a weight's name has no ".weight" suffix, a bias ends in ".bias".
"""

from dataclasses import dataclass

# What a tensor is for: which quantization schemes convert it and which it keeps in 16 bits.
EMBEDDING, OUTPUT, ATTENTION, ROUTER, EXPERTS, SHARED, MLP, NORM, LINEAR, INDEXER, HEAD = (
    "embedding", "output", "attention", "router", "experts", "shared_expert", "mlp", "norm",
    "linear_attention", "indexer", "head")


@dataclass(frozen=True, slots=True)
class Tensor:
    """One weight tensor: its GGUF name within its block, layer (-1 outside the blocks), shape
    and role."""

    short: str  # e.g. "attn_q"; outside the blocks the whole name, e.g. "token_embd"
    layer: int
    row_size: int  # ne[0] in ggml terms: the length of one row, what block sizes must divide
    elements: int
    role: str
    routed_share: float = 1.0  # routed-expert tensors: the share of experts one token uses
    depth: int = 1  # ne[2]: matrices stacked in one tensor (experts; MLA's per-head k_b/v_b)

    @property
    def name(self) -> str:
        """The GGUF name, e.g. "blk.3.attn_q"."""
        return f"blk.{self.layer}.{self.short}" if self.layer >= 0 else self.short

    @property
    def is_matrix(self) -> bool:
        return self.elements != self.row_size

    def at(self, layer: int) -> "Tensor":
        """The same tensor in another layer."""
        return Tensor(self.short, layer, self.row_size, self.elements, self.role,
                      self.routed_share, self.depth)


def matrix(name: str, layer: int, rows_in: int, rows_out: int, role: str) -> Tensor:
    """A weight matrix of rows_in x rows_out."""
    return Tensor(name, layer, rows_in, rows_in * rows_out, role)


def vector(name: str, layer: int, size: int, role: str) -> Tensor:
    """A vector (a norm, a bias)."""
    return Tensor(name, layer, size, size, role)
