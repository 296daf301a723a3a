"""BERT-family encoders (BERT, DistilBERT, RoBERTa, DeBERTa-v2/v3) from their config.json:
learned positions, LayerNorms with biases, plain GELU MLPs, and the heads the checkpoint's
`architectures` names (transformers' modeling_bert.py and siblings)."""

from collections.abc import Mapping
from typing import Any

from core.errors import InputError
from core.model.architecture import Architecture, Layer
from core.model.attention import FullAttention
from core.model.defaults import MAX_LAYERS, ConfigView
from core.model.mlp import DenseMlp

ENCODER_TYPES = ("bert", "distilbert", "roberta", "xlm-roberta", "deberta-v2", "deberta_v2")


Head = list[tuple[str, int, int]]  # (tensor, row size, elements) beyond the layers


def _deberta_relative(cfg: ConfigView, hidden: int, table: int) -> Head:
    """DebertaV2Embeddings / DebertaV2Encoder: relative embeddings of 2 x position_buckets
    rows, else 2 x max_relative_positions (below 1: max_position_embeddings)."""
    if not cfg.flag("relative_attention"):
        return []
    buckets, span = cfg.get("position_buckets"), cfg.get("max_relative_positions")
    if isinstance(buckets, int) and not isinstance(buckets, bool) and buckets > 0:
        rows = 2 * min(buckets, MAX_LAYERS * 64)
    elif isinstance(span, int) and not isinstance(span, bool) and span > 0:
        rows = 2 * min(span, MAX_LAYERS * 64)
    else:
        rows = 2 * table
    head = [("rel_embeddings", hidden, rows * hidden)]
    if "layer_norm" in str(cfg.get("norm_rel_ebd", "")):
        head += [("rel_embeddings_norm", hidden, hidden),
                 ("rel_embeddings_norm.bias", hidden, hidden)]
    return head


def _task_head(config: Mapping[str, Any], model_type: str, hidden: int, vocab: int) -> Head:
    """The pooler and the head of the task `architectures` names (masked LM, pre-training,
    sequence classification with its id2label count)."""
    architectures = config.get("architectures") or []
    task = str(architectures[0]) if architectures and isinstance(architectures[0], str) else ""
    labels = config.get("id2label")
    num_labels = len(labels) if isinstance(labels, dict) and labels else 2
    head: Head = []
    pooled = model_type in ("bert", "roberta") and (
        not task or task.endswith(("Model", "ForPreTraining")) or
        (model_type == "bert" and task.endswith("ForSequenceClassification")))
    if pooled:
        head += [("pooler", hidden, hidden * hidden), ("pooler.bias", hidden, hidden)]
    if task.endswith(("ForMaskedLM", "ForPreTraining")):
        # transform, LayerNorm and an output bias; the decoder shares the word embeddings
        head += [("mlm.transform", hidden, hidden * hidden), ("mlm.transform.bias", hidden, hidden),
                 ("mlm.norm", hidden, hidden), ("mlm.norm.bias", hidden, hidden),
                 ("mlm.bias", vocab, vocab)]
        if task.endswith("ForPreTraining"):
            head += [("nsp", hidden, hidden * 2), ("nsp.bias", 2, 2)]
    elif task.endswith("ForSequenceClassification"):
        if model_type in ("roberta", "distilbert"):
            head += [("cls.dense", hidden, hidden * hidden), ("cls.dense.bias", hidden, hidden)]
        if model_type in ("deberta-v2", "deberta_v2"):
            head += [("cls.pooler", hidden, hidden * hidden), ("cls.pooler.bias", hidden, hidden)]
        head += [("cls.out", hidden, hidden * num_labels),
                 ("cls.out.bias", num_labels, num_labels)]
    return head


def read_encoder(cfg: ConfigView, model_type: str, config: Mapping[str, Any]) -> Architecture:
    """BERT-family encoders: learned positions, LayerNorms with biases, plain GELU MLPs."""
    if model_type == "distilbert":
        hidden, layers = cfg.whole("dim", 768), cfg.whole("n_layers", 6)
        heads, width = cfg.whole("n_heads", 12), cfg.whole("hidden_dim", 3072)
        token_types, positions = 0, cfg.whole("max_position_embeddings", 512)
    else:
        hidden, layers = cfg.whole("hidden_size", 768), cfg.whole("num_hidden_layers", 12)
        heads, width = cfg.whole("num_attention_heads", 12), cfg.whole("intermediate_size", 3072)
        token_types = cfg.whole("type_vocab_size", 2, minimum=0)
        positions = cfg.whole("max_position_embeddings", 512)
    if layers > MAX_LAYERS:
        raise InputError(f"{cfg.source}: {layers} layers is not plausible")
    if hidden % heads:
        raise InputError(f"{cfg.source}: hidden size {hidden} is not a multiple of {heads} heads")
    vocab = cfg.whole("vocab_size", 30522)
    attention = FullAttention(heads, heads, hidden // heads, hidden // heads, qkv_bias=True,
                              output_bias=True)
    layer = Layer(attention, DenseMlp(width, gated=False, bias=True), 2, norm_bias=True)
    head: Head = []
    if model_type in ("deberta-v2", "deberta_v2"):
        head = _deberta_relative(cfg, hidden, positions)
        if not cfg.flag("position_biased_input", True):
            positions = 0
        token_types = cfg.whole("type_vocab_size", 0, minimum=0)
    head += _task_head(config, model_type, hidden, vocab)
    return Architecture(
        family=model_type, hidden_size=hidden, vocab_size=vocab, layers=(layer,) * layers,
        tied_embeddings=True, max_context=positions or cfg.whole("max_position_embeddings", 512),
        positions=positions, token_types=token_types, embedding_norm=True, final_norm=False,
        norm_bias=True, head=tuple(head), encoder_only=True)
