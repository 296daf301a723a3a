"""The MLP of one layer: a dense feed-forward block, or routed experts with optional shared
experts; each kind lists its tensors."""

from dataclasses import dataclass

from core.model.tensor import EXPERTS, MLP, ROUTER, SHARED, Tensor, matrix, vector


@dataclass(frozen=True)
class DenseMlp:
    """A feed-forward block: gated (SwiGLU/GeGLU: gate, up, down) or plain (up, down)."""

    width: int
    gated: bool = True
    bias: bool = False
    fused_gate_up: bool = False  # Phi-3 stores gate and up as one ffn_up tensor

    kind = "dense"

    @property
    def active_width(self) -> int:
        return self.width

    def tensors(self, hidden: int, layer: int) -> list[Tensor]:
        items: list[Tensor] = []
        if self.fused_gate_up:
            items.append(matrix("ffn_up", layer, hidden, 2 * self.width, MLP))
        elif self.gated:
            items += [matrix("ffn_gate", layer, hidden, self.width, MLP),
                      matrix("ffn_up", layer, hidden, self.width, MLP)]
        else:
            items.append(matrix("ffn_up", layer, hidden, self.width, MLP))
        items.append(matrix("ffn_down", layer, self.width, hidden, MLP))
        if self.bias:
            items += [vector("ffn_up.bias", layer, self.width, MLP),
                      vector("ffn_down.bias", layer, hidden, MLP)]
            if self.gated and not self.fused_gate_up:
                items.append(vector("ffn_gate.bias", layer, self.width, MLP))
        return items


@dataclass(frozen=True)
class MoeMlp:
    """Routed experts: `experts` gated MLPs of `width`, `top_k` of them used per token, plus
    `shared_width` of always-used shared experts (DeepSeekMoE, Qwen2-MoE, Llama 4)."""

    experts: int
    width: int
    top_k: int
    shared_width: int = 0
    shared_gate: bool = False  # a sigmoid gate on the shared expert (Qwen2-MoE, Qwen3-Next)
    router_bias: bool = False  # gpt-oss
    expert_bias: bool = False  # gpt-oss
    score_bias: bool = False  # DeepSeek-V3's e_score_correction_bias (aux-loss-free routing)
    dense_width: int = 0  # a dense MLP running beside the experts (Gemma 4)
    router_scale: bool = False  # router input scale and per-expert scale vectors (Gemma 4)

    kind = "moe"

    @property
    def routed_share(self) -> float:
        return self.top_k / self.experts

    @property
    def active_width(self) -> int:
        return self.top_k * self.width + self.shared_width + self.dense_width

    def tensors(self, hidden: int, layer: int) -> list[Tensor]:
        share, count = self.routed_share, self.experts
        width = self.width
        items = DenseMlp(self.dense_width).tensors(hidden, layer) if self.dense_width else []
        items.append(matrix("ffn_gate_inp", layer, hidden, count, ROUTER))
        if self.router_scale:
            items += [vector("ffn_gate_inp.scale", layer, hidden, ROUTER),
                      vector("ffn_gate_inp.expert_scale", layer, count, ROUTER)]
        if self.router_bias:
            items.append(vector("ffn_gate_inp.bias", layer, count, ROUTER))
        if self.score_bias:
            items.append(vector("exp_probs_b.bias", layer, count, ROUTER))
        items += [
            Tensor("ffn_gate_exps", layer, hidden, count * hidden * width, EXPERTS, share,
                   count),
            Tensor("ffn_up_exps", layer, hidden, count * hidden * width, EXPERTS, share,
                   count),
            Tensor("ffn_down_exps", layer, width, count * width * hidden, EXPERTS, share,
                   count),
        ]
        if self.expert_bias:
            items += [
                Tensor("ffn_gate_exps.bias", layer, width, count * width, EXPERTS, share),
                Tensor("ffn_up_exps.bias", layer, width, count * width, EXPERTS, share),
                Tensor("ffn_down_exps.bias", layer, hidden, count * hidden, EXPERTS,
                       share),
            ]
        if self.shared_width:
            items += [matrix("ffn_gate_shexp", layer, hidden, self.shared_width, SHARED),
                      matrix("ffn_up_shexp", layer, hidden, self.shared_width, SHARED),
                      matrix("ffn_down_shexp", layer, self.shared_width, hidden, SHARED)]
        if self.shared_gate:
            items.append(vector("ffn_gate_inp_shexp", layer, hidden, SHARED))
        return items


Mlp = DenseMlp | MoeMlp
