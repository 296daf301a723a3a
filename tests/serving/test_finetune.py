"""Fine-tuning memory, including seed case B (seed 004, shared/seed-cases.md)."""

import pytest

from core.errors import InputError
from core.model.spec import find_model
from core.serving.finetune import (
    activation_memory,
    finetune_memory,
    lora_trainable_params,
    seed_serving_memory,
)
from core.units import GB

NOMINAL_70B = 70_000_000_000  # the article's "70B" x 2 bytes = 140 GB


def test_seed_case_b_weights_and_lora_fine_tuning_memory():
    memory = finetune_memory(NOMINAL_70B, "seed-rule", trainable_share=0.001)
    assert memory.weights_bytes == 140 * GB
    assert memory.trainable_params == 70_000_000
    assert memory.trainable_bytes / 5 == 0.14 * GB
    assert memory.total_bytes == pytest.approx(140.7 * GB)


def test_seed_case_b_with_the_exact_llama_2_70b_count():
    exact = find_model("meta-llama/Llama-2-70b-hf").params
    memory = finetune_memory(exact, "seed-rule", trainable_share=0.001)
    assert memory.weights_bytes / GB == pytest.approx(137.95, abs=0.005)


def test_seed_case_b_serving_memory_with_1_5x_headroom():
    assert seed_serving_memory(140 * GB, int(0.14 * GB)) / GB == pytest.approx(210.21)


def test_full_fine_tuning_needs_16_bytes_per_parameter():
    assert finetune_memory(8_000_000_000, "full").total_bytes == 128 * GB


def test_qlora_base_is_about_a_quarter_of_lora_base():
    lora = finetune_memory(NOMINAL_70B, "lora", trainable_params=70_000_000)
    qlora = finetune_memory(NOMINAL_70B, "qlora", trainable_params=70_000_000)
    assert qlora.weights_bytes == pytest.approx(lora.weights_bytes * 4.127 / 16)
    assert qlora.trainable_bytes == lora.trainable_bytes == 70_000_000 * 16


def test_lora_rank_16_on_attention_of_llama_3_8b():
    # r x (in + out) on q (4096->4096), k and v (4096->1024), o (4096->4096), 32 layers
    model = find_model("meta-llama/Llama-3.1-8B")
    expected = 16 * (8192 + 2 * 5120 + 8192) * 32
    assert lora_trainable_params(model, 16) == expected == 13_631_488


def test_bad_fine_tuning_inputs():
    with pytest.raises(InputError, match="unknown fine-tuning method"):
        finetune_memory(1000, "dora")
    with pytest.raises(InputError, match="trainable share"):
        finetune_memory(1000, "lora", trainable_share=1.5)
    with pytest.raises(InputError, match="must be positive"):
        finetune_memory(-5, "full")


# Llama 3.1 70B's config.json (tests/fakes.py LLAMA_31_70B_CONFIG): hidden_size 8192,
# num_attention_heads 64, num_hidden_layers 80, vocab_size 128256.
H, A, LAYERS, VOCAB = 8192, 64, 80, 128_256


def test_activations_with_gradient_checkpointing_follow_korthikanti():
    # Korthikanti et al. 2022: with full recomputation each layer keeps its input, 2*s*b*h
    # bytes; the layer recomputed holds s*b*h*(34 + 5*a*s/h) (eq. 1); the output layer and
    # fp32 logits 4*s*b*h*(1 + v/h). At s = 2048, b = 1:
    #   80 x 2 x 2048 x 8192           = 2,684,354,560
    #   2048 x 8192 x (34 + 5x64x2048/8192 = 114) = 1,912,602,624
    #   4 x 2048 x 8192 x (1 + 128256/8192)       = 1,117,782,016
    s = 2048
    expected = LAYERS * 2 * s * H + s * H * (34 + 5 * A * s / H) + 4 * s * H * (1 + VOCAB / H)
    assert expected == 2_684_354_560 + 1_912_602_624 + 1_117_782_016
    activations = activation_memory(find_model("meta-llama/Llama-3.1-70B").arch, s)
    assert activations.bytes == expected
    assert activations.checkpointing and activations.micro_batch == 1
    basis = str(activations.basis)
    assert "gradient checkpointing" in basis and "Korthikanti" in basis


def test_activations_without_recomputation_keep_every_layer():
    # eq. 1 for all 80 layers plus the output layer: 80 x 1,912,602,624 + 1,117,782,016
    arch = find_model("meta-llama/Llama-3.1-70B").arch
    activations = activation_memory(arch, 2048, checkpointing=False)
    assert activations.bytes == 80 * 1_912_602_624 + 1_117_782_016


def test_lora_base_is_16_bit_and_activations_are_added():
    # 16-bit LoRA: 2 bytes per base weight (seed 004: bf16), 16 per trainable parameter.
    memory = finetune_memory(NOMINAL_70B, "lora", trainable_params=70_000_000,
                             activation_bytes=5 * GB)
    assert memory.weights_bytes == 140 * GB
    assert memory.trainable_bytes == 70_000_000 * 16
    assert memory.total_bytes == 140 * GB + 70_000_000 * 16 + 5 * GB


def test_bad_activation_inputs():
    arch = find_model("meta-llama/Llama-3.1-8B").arch
    with pytest.raises(InputError, match="sequence length"):
        activation_memory(arch, 0)
    with pytest.raises(InputError, match="micro-batch"):
        activation_memory(arch, 10, micro_batch=0)
    with pytest.raises(InputError, match="activation memory"):
        finetune_memory(1000, "lora", trainable_params=10, activation_bytes=-1)
