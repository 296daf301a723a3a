"""Fine-tuning memory in a plan (issue 19): a 16-bit LoRA base whatever the serving format,
activations, and whether a run fits on each self-hosted option's GPUs, in text, JSON and PDF."""

import json

import pytest

from core.cli import main
from core.costing.plan import calculate
from core.costing.scenario import scenario_from_dict
from core.i18n.render import render
from core.model.spec import find_model
from core.pricing.catalog import default_catalog
from core.resources import resource_dir
from core.serving.finetune import activation_memory
from core.units import GB, MiB

EXAMPLES = resource_dir() / "examples"
# Llama 3.1 70B: 70,553,706,496 parameters (the catalog's exact published count, Hugging Face
# model card); an H100 SXM reports 81,559 MiB (README "Units"), an L40S 46,068 MiB (catalog).
PARAMS_70B = 70_553_706_496
H100_BYTES = 81_559 * MiB
L40S_BYTES = 46_068 * MiB


def _document(method: str) -> dict:
    # The bundled support assistant (Llama 3.1 70B served in FP8; an 8x H100 server and 1x H100
    # cloud instances), fine-tuned with `method`, plus an existing 2x L40S box.
    document = json.loads((EXAMPLES / "support-assistant.llmplan.json").read_text())
    document["finetune"] = {"method": method, "trainable_share": 0.001}
    document["options"].append({"kind": "onprem", "name": "Existing 2x L40S", "gpu": "L40S",
                                "gpus_per_server": 2, "servers": 1, "server_price": 30000,
                                "price_per_kwh": 0.3})
    return document


def _memory(method: str):
    return calculate(scenario_from_dict(_document(method)), default_catalog()).memory


def test_lora_on_an_fp8_served_70b_trains_a_16_bit_base():
    memory = _memory("lora")
    # 2 bytes per base weight: 70,553,706,496 x 2 = 141.1 GB (issue 19: ~141 GB, not the
    # 72.7 GB of the FP8 serving weights).
    assert memory.finetune_weights_bytes == PARAMS_70B * 2
    assert memory.finetune_weights_bytes / GB == pytest.approx(141.11, abs=0.01)
    assert memory.weights_bytes < memory.finetune_weights_bytes  # as served, FP8
    # 0.1% trainable, 16 bytes each (mixed-precision Adam), and the activations of one
    # request-sized sequence (1,500 + 300 tokens) with gradient checkpointing.
    trainable = round(PARAMS_70B * 0.001)
    assert memory.trainable_bytes == trainable * 16
    activations = activation_memory(find_model("meta-llama/Llama-3.1-70B").arch, 1800)
    assert memory.activation_bytes == activations.bytes > 0
    assert memory.finetune_bytes == PARAMS_70B * 2 + trainable * 16 + activations.bytes
    assert "gradient checkpointing" in str(memory.activation_basis)
    assert "1,800 tokens x micro-batch 1" in str(memory.activation_basis)


def test_qlora_stays_4_bit_nf4():
    memory = _memory("qlora")
    # QLoRA paper: 4.127 bits per parameter
    assert memory.finetune_weights_bytes == round(PARAMS_70B * 4.127 / 8)


def test_each_self_hosted_option_says_whether_a_run_fits_on_its_gpus():
    memory = _memory("lora")
    fits = {item.option: item for item in memory.fits}
    assert set(fits) == {"Lambda H100 SXM, office hours", "On-prem 8x H100 server",
                         "Existing 2x L40S"}
    server = fits["On-prem 8x H100 server"]
    assert server.gpus == 8 and server.memory_bytes == 8 * H100_BYTES
    assert server.fits and server.margin_bytes == 8 * H100_BYTES - memory.finetune_bytes
    assert str(server.sentence).startswith("fits on 8 x H100")
    assert render(server.sentence, "de").startswith("passt auf 8 x H100")
    one = fits["Lambda H100 SXM, office hours"]
    assert one.memory_bytes == H100_BYTES and not one.fits
    box = fits["Existing 2x L40S"]
    assert box.memory_bytes == 2 * L40S_BYTES and not box.fits
    missing = memory.finetune_bytes - 2 * L40S_BYTES
    assert str(box.sentence) == (f"does not fit on 2 x L40S ({2 * L40S_BYTES / 1e9:,.1f} GB): "
                                 f"{memory.finetune_bytes / 1e9:,.1f} GB needed, "
                                 f"{missing / 1e9:,.1f} GB more than the GPUs hold")
    # German: decimal comma, 'nötig', 'mehr, als die GPUs fassen'
    assert render(box.sentence, "de") == (
        f"passt nicht auf 2 x L40S ({2 * L40S_BYTES / 1e9:.1f} GB): "
        f"{memory.finetune_bytes / 1e9:.1f} GB nötig, "
        f"{missing / 1e9:.1f} GB mehr, als die GPUs fassen").replace(".", ",")


def test_the_cost_command_prints_the_fine_tuning_verdicts(tmp_path, capsys):
    path = tmp_path / "lora.llmplan.json"
    path.write_text(json.dumps(_document("lora")))
    assert main(["cost", str(path)]) == 0
    text = capsys.readouterr().out
    assert "fine-tuning on On-prem 8x H100 server: fits on 8 x H100" in text
    assert "fine-tuning on Existing 2x L40S: does not fit on 2 x L40S" in text
    assert "activations" in text
    assert main(["cost", str(path), "--json"]) == 0
    memory = json.loads(capsys.readouterr().out)["memory"]
    assert memory["finetune_weights_bytes"] == PARAMS_70B * 2
    verdicts = {item["option"]: item["fits"] for item in memory["finetune_fits"]}
    assert verdicts == {"Lambda H100 SXM, office hours": False, "On-prem 8x H100 server": True,
                        "Existing 2x L40S": False}


def test_seed_case_b_keeps_its_rule_and_says_no_gpu_was_checked():
    plan = calculate(scenario_from_dict(json.loads(
        (EXAMPLES / "seed-case-b.llmplan.json").read_text())), default_catalog())
    memory = plan.memory
    # seed-cases.md case B: 140 + 5 x 0.14 = 140.7 GB, activations inside the 5x factor
    assert memory.finetune_bytes == pytest.approx(140.7 * GB)
    assert memory.activation_bytes == 0 and memory.fits == ()
    assert "not checked" in str(memory.fit_note)
    assert "nicht geprüft" in render(memory.fit_note, "de")
