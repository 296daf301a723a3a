"""What the model readers say about a model (architecture, notes, reasons a size is an estimate,
quality of a format, a checkpoint's own format) is a message: English by str(), German with
German words, number formats and plural forms (issue 24)."""

import json
from dataclasses import replace
from pathlib import Path

from core.i18n.render import render
from core.model.architecture import describe
from core.model.loader import load_model_ref
from core.model.quant import QUANTIZATIONS
from core.model.shipped import shipped_format
from core.model.spec import find_model, model_from_config
from tests.fakes import TINY_LLAMA_CONFIG, write_tiny_gguf

CONFIGS = Path(__file__).parents[1] / "data" / "configs"


def _spec(name: str):
    return model_from_config(json.loads((CONFIGS / name).read_text()), name, name)


def test_the_architecture_line_takes_plural_forms_in_german():
    # DeepSeek-V3: 61 latent-attention layers, the first 3 dense, 8 of 256 routed experts
    arch = find_model("deepseek-ai/DeepSeek-V3").arch
    assert render(describe(arch), "de") == (
        "61 Schichten (61 mit Latent Attention (MLA)); 8 von 256 Experten pro Token in 58 "
        "MoE-Schichten und 3 dichten, gemeinsamer Experte immer genutzt")
    assert str(describe(arch)) == (
        "61 layers (61 latent attention (MLA)); 8 of 256 experts per token in 58 MoE layers "
        "and 3 dense, shared expert always used")
    four = replace(arch, layers=arch.layers[:4])  # 3 dense layers and one of experts
    assert render(describe(four), "de").endswith("in 1 MoE-Schicht und 3 dichten, gemeinsamer "
                                                 "Experte immer genutzt")
    assert str(describe(four)).endswith("in 1 MoE layer and 3 dense, shared expert always used")
    one = replace(arch, layers=arch.layers[:1])
    assert render(describe(one), "de") == "1 Schicht (1 mit Latent Attention (MLA))"
    assert str(describe(one)) == "1 layer (1 latent attention (MLA))"


def test_a_gguf_types_quality_is_a_german_percentage():
    # dranger003's perplexity table (llama.cpp PR 6745): Q4_K_M +4.83% on Llama 3 70B
    note = QUANTIZATIONS["Q4_K_M"].quality_note
    assert render(note, "de") == ("+4,8\xa0% Perplexität gegenüber F16 bei Llama 3 70B, "
                                  "dranger003 (llama.cpp PR 6745); die übliche Voreinstellung")
    assert str(note) == ("+4.8% perplexity vs F16 on Llama 3 70B, dranger003 (llama.cpp PR "
                         "6745); the usual default")


def test_defaults_and_unmodelled_features_are_named_in_german():
    # google/gemma-3-4b-it leaves the vocabulary (262,208) to Gemma3TextConfig
    notes = [render(note, "de") for note in _spec("google--gemma-3-4b-it.json").notes]
    assert any(note.startswith("nicht in der Datei, daher gelten die Vorgaben von transformers "
                               "für gemma3_text: ") and "vocab_size 262.208" in note
               for note in notes)
    reasons = [render(reason, "de")
               for reason in _spec("deepseek-ai--DeepSeek-V4-Flash.json").estimate_reasons]
    assert ("„compress_ratios“ nennt komprimierte dünn besetzte Attention (DeepSeek-V4), was der "
            "Planer nicht exakt bemisst") in reasons
    odd = model_from_config({**TINY_LLAMA_CONFIG, "model_type": "falcon_mamba"}, "x", "c")
    assert render(odd.estimate_reasons[0], "de") == (
        "model_type „falcon_mamba“ kennt der Planer nicht: mit dem allgemeinen Decoder-Aufbau "
        "gelesen")


def test_what_the_loader_notes_reads_german(tmp_path):
    (tmp_path / "config.json").write_text(json.dumps(TINY_LLAMA_CONFIG))
    notes = load_model_ref(str(tmp_path)).spec.notes
    assert render(notes[-1], "de") == ("keine safetensors-Dateien: Parameterzahl aus der "
                                       "Architektur")
    path = tmp_path / "odd.gguf"
    write_tiny_gguf(path, {"embd": 12, "output": 14, "rest": 12, "v": 14, "down": 14})
    path.write_bytes(path.read_bytes().replace(b"llama", b"zorro"))
    reason = load_model_ref(str(path)).spec.estimate_reasons[0]
    assert render(reason, "de") == ("die GGUF-Architektur „zorro“ kennt der Planer nicht: "
                                    "Schichten aus den Tensornamen gelesen")


def test_a_checkpoints_own_format_is_labelled_in_german():
    config = {"quantization_config": {"quant_method": "awq", "bits": 4, "group_size": 128}}
    label = shipped_format(config, "config.json").label
    assert render(label, "de") == "AWQ 4 Bit, Gruppe 128"
    assert str(label) == "AWQ 4-bit, group 128"
