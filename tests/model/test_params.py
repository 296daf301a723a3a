"""Parameter counts computed from the architecture equal the published exact totals."""

import pytest

from core.model.architecture import param_count
from core.model.spec import find_model, model_catalog

# Published totals: Hugging Face safetensors metadata of each model (also in the catalog).
PUBLISHED = {
    "meta-llama/Llama-2-7b-hf": 6_738_415_616,
    "meta-llama/Llama-2-13b-hf": 13_015_864_320,
    "meta-llama/Llama-2-70b-hf": 68_976_648_192,  # also seed-cases.md case B
    "meta-llama/Llama-3.1-8B": 8_030_261_248,
    "meta-llama/Llama-3.1-70B": 70_553_706_496,
    "meta-llama/Llama-3.1-405B": 405_853_388_800,
    "mistralai/Mistral-7B-v0.1": 7_241_732_096,
    "mistralai/Mixtral-8x7B-v0.1": 46_702_792_704,
    "Qwen/Qwen2.5-7B": 7_615_616_512,
    "Qwen/Qwen2.5-14B": 14_770_033_664,
    "Qwen/Qwen2.5-32B": 32_763_876_352,
    "Qwen/Qwen2.5-72B": 72_706_203_648,
    "google/gemma-2-9b": 9_241_705_984,
    "google/gemma-2-27b": 27_227_128_320,
    "microsoft/Phi-3-mini-4k-instruct": 3_821_079_552,
    "meta-llama/Llama-3.2-1B": 1_235_814_400,
}


@pytest.mark.parametrize(("model_id", "published"), sorted(PUBLISHED.items()))
def test_architecture_gives_the_published_parameter_count(model_id, published):
    assert param_count(find_model(model_id).arch) == published


def test_catalog_counts_agree_with_architecture_for_every_model():
    for model in model_catalog():
        if model.params is not None:
            assert model.params == param_count(model.arch), model.id


def test_mixtral_active_parameters_count_two_of_eight_experts():
    # Mistral AI's Mixtral announcement: 46.7B total, 12.9B used per token.
    mixtral = find_model("mistralai/Mixtral-8x7B-v0.1")
    assert mixtral.total_params == 46_702_792_704
    assert mixtral.active_params == 12_879_925_248


def test_dense_model_active_equals_total():
    model = find_model("meta-llama/Llama-3.1-8B")
    assert model.active_params == model.total_params
