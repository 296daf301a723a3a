"""Fine-tuning memory, including seed case B (seed 004, shared/seed-cases.md)."""

import pytest

from core.errors import InputError
from core.model.spec import find_model
from core.serving.finetune import finetune_memory, lora_trainable_params, seed_serving_memory
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
