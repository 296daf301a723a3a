"""What a model is: its layer-by-layer architecture (attention and MLP kind of every layer), read
from a Hugging Face config.json, safetensors headers or a GGUF header, and what follows from that
one description: parameters, active parameters per token, weights per quantization, KV cache and
state per sequence, and the bytes a decode step reads."""
