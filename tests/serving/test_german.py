"""The fit engine's, the speed model's, the recommendations' and fine-tuning's sentences are
messages: English by str() (what `llmplan fit --json` prints), German with German words, German
number formats and plural forms that follow the count (issue 24)."""

from core.hardware.gpus import match_gpu
from core.i18n.render import render
from core.model.spec import find_model
from core.serving.finetune import activation_memory, finetune_memory
from core.serving.fit import fit
from core.serving.memory import FitRequest
from core.serving.recommend import recommend

LLAMA_70B = find_model("meta-llama/Llama-3.1-70B")


def _notes(result, language):
    return [render(note, language) for note in result.notes]


def test_the_fit_notes_of_a_tensor_parallel_pair_read_german():
    result = fit(FitRequest(LLAMA_70B, "fp8", gpu=match_gpu("h100-sxm"), gpus=2))
    assert render(result.parallelism, "de") == "Tensor-Parallelität ×2"
    assert render(result.architecture, "de") == "80 Schichten (80 mit voller Attention)"
    german = _notes(result, "de")
    # vLLM's gpu_memory_utilization default 0.9 (core.serving.engines), a German percentage
    assert "vllm nutzt 90\xa0% des Speichers jeder GPU (gpu_memory_utilization)" in german
    # vLLM on NVIDIA, several GPUs: a range of 33% (core.serving.speed.CALIBRATION)
    assert german[-1].startswith("die Geschwindigkeit ist eine Schätzung auf etwa ±33\xa0% "
                                 "für diese Art von Aufbau (vLLM 0.10-0.11 auf CUDA, angepasst")
    english = result.to_json()
    assert english["parallelism"] == "tensor parallel x2"
    assert "vllm uses 90% of each GPU's memory (gpu_memory_utilization)" in english["notes"]
    assert english["notes"][-1].startswith("speed is an estimate within about +-33% for this")


def test_gguf_weights_are_given_with_a_decimal_comma():
    result = fit(FitRequest(find_model("meta-llama/Llama-3.1-8B"), "Q4_K_M",
                            gpu=match_gpu("rtx-4090")))
    # llama.cpp's Q4_K_M mix of Llama 3.1 8B: 4.91 GB = 4.58 GiB (core.model.weights)
    assert ("Gewichte nach der Tensortyp-Mischung von llama.cpp für Q4_K_M: 4,91 GB "
            "(4,58 GiB)") in _notes(result, "de")
    assert ("weights follow llama.cpp's Q4_K_M tensor type mix: 4.91 GB (4.58 GiB)"
            in _notes(result, "en"))
    # llama.cpp keeps 1 GiB free per device (core.serving.engines)
    assert "llama.cpp hält 1,00 GiB pro GPU frei" in _notes(result, "de")


def test_the_requests_the_kv_cache_holds_take_their_plural_forms():
    # 30,000 + 2,000 tokens of Llama 3.1 70B fp8: 2 x L40S hold one such request at a time
    one = fit(FitRequest(LLAMA_70B, "fp8", gpu=match_gpu("l40s"), gpus=2, concurrency=2,
                         input_tokens=30_000, output_tokens=2_000))
    assert (one.serving.batch, one.serving.queued) == (1, 1)
    assert ("der KV-Cache fasst 1 Anfrage mit 32.000 Token; 1 weitere wartet auf einen Platz, "
            "und ihre Wartezeit zählt zur Zeit bis zum ersten Token") in _notes(one, "de")
    assert ("the KV cache holds 1 request of 32,000 tokens; 1 more waits for a slot and its "
            "waiting counts in the time to first token") in _notes(one, "en")
    # 2,000 + 500 tokens on 4 x L4: 4 at once, the other 60 of 64 wait
    many = fit(FitRequest(LLAMA_70B, "fp8", gpu=match_gpu("l4"), gpus=4, concurrency=64,
                          input_tokens=2_000, output_tokens=500))
    assert (many.serving.batch, many.serving.queued) == (4, 60)
    assert ("der KV-Cache fasst 4 Anfragen mit 2.500 Token; 60 weitere warten auf einen Platz, "
            "und ihre Wartezeit zählt zur Zeit bis zum ersten Token") in _notes(many, "de")


def test_what_would_fit_reads_german():
    result = fit(FitRequest(LLAMA_70B, "fp16", gpu=match_gpu("h100-sxm"), gpus=1))
    german = _notes(result, "de")
    # FP8 with 128x128 block scales, the least loss of vLLM's formats that fit (core.model.quant)
    assert any(note.startswith("passt als fp8-block (FP8 E4M3 mit einem Skalierungsfaktor pro "
                               "128×128-Block") for note in german)
    assert f"braucht {result.gpus_needed} × H100 SXM 80GB" in german


def test_the_recommendation_hint_reads_german():
    table = recommend(match_gpu("l4"), 1, context=4096,
                      models=(find_model("meta-llama/Llama-3.1-405B"),))
    # 4,096 tokens: the context asked for, grouped the German way
    assert render(table.hint, "de").startswith(
        "nichts im Katalog passt auf 1 × L4 bei 4.096 Token × 1; Llama 3.1 405B ")
    assert str(table.hint).startswith("nothing in the catalog fits 1 x L4 at 4,096 tokens x 1")


def test_the_fine_tuning_assumptions_read_german():
    # Korthikanti et al. 2022 with gradient checkpointing at 2,048 tokens, micro-batch 1
    basis = activation_memory(LLAMA_70B.arch, 2048).basis
    assert render(basis, "de") == (
        "Aktivierungen: Gradient Checkpointing (die Eingabe jeder Schicht wird gehalten, eine "
        "Schicht neu berechnet), 2.048 Token × Micro-Batch 1, 16 Bit (Korthikanti et al. 2022, "
        "Gl. 1, Abschnitte 4 und 5)")
    assert str(basis).startswith("activations: gradient checkpointing (each layer's input kept")
    rule = finetune_memory(70_000_000_000, "qlora", trainable_share=0.01).rule
    assert render(rule, "de") == ("eingefrorenes Basismodell in 4-Bit-NF4 (QLoRA-Paper) plus 16 "
                                  "Byte pro trainierbarem Parameter und die Aktivierungen")
