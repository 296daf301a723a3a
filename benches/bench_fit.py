"""One `fit` call and the recommendation table over the whole catalog, against DESIGN.md's
budgets (recompute after one edit <= 2 ms; one cold fit <= 2 ms; recommendation table <= 50 ms
and at most 0.5 ms per catalog model)."""

import sys
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benches.common import (
    COLD_FIT,
    PLAN_EDIT,
    RECOMMEND,
    RECOMMEND_PER_MODEL,
    median_ms,
    record,
    report,
    table,
)
from core.hardware.gpus import gpu_catalog, match_gpu
from core.model.spec import find_model, model_catalog
from core.model.weights import clear_caches
from core.serving.fit import fit
from core.serving.memory import FitRequest
from core.serving.recommend import recommend


def _clear_caches() -> None:
    # A cold run: nothing remembered from the previous one.
    clear_caches()


def main() -> None:
    model = find_model("meta-llama/Llama-3.1-70B")
    request = FitRequest(model, "Q4_K_M", gpu=match_gpu("NVIDIA A100-SXM4-80GB"))
    report("fit: Llama 3.1 70B Q4_K_M on 1 x A100 (warm)", partial(fit, request), PLAN_EDIT,
           repeats=200)
    report("fit: Llama 3.1 70B Q4_K_M on 1 x A100 (cold caches)", partial(fit, request),
           COLD_FIT, setup=_clear_caches)
    deepseek = FitRequest(find_model("deepseek-ai/DeepSeek-V3"), "fp8",
                          gpu=match_gpu("h200-sxm"), gpus=8, context=32768)
    report("fit: DeepSeek-V3 FP8 on 8 x H200, 32k context (cold caches)",
           partial(fit, deepseek), COLD_FIT, setup=_clear_caches)
    edited = FitRequest(model, "Q4_K_M", gpu=match_gpu("rtx-4090"), gpus=2, context=16384)
    report("fit: edited request, no fit (alternatives searched)", partial(fit, edited),
           PLAN_EDIT, repeats=50)
    gpu = match_gpu("rtx-4090")
    report("recommend: whole catalog on 1..2 x RTX 4090", partial(recommend, gpu, 2), RECOMMEND,
           repeats=10)
    whole = report("recommend: whole catalog on 1..8 x H100 SXM",
                   partial(recommend, match_gpu("h100-sxm"), 8), RECOMMEND, repeats=10)
    models = sum(1 for model in model_catalog() if model.task == "generate")
    record(f"recommend: per catalog model ({models} models) on 1..8 x H100 SXM",
           whole / models, RECOMMEND_PER_MODEL)
    # The budget is per GPU type (the table the app shows is for one kind of card).
    slowest = max((median_ms(partial(recommend, g, 8), repeats=3), g.name) for g in gpu_catalog())
    record(f"recommend: whole catalog on 1..8 GPUs, slowest of {len(gpu_catalog())} GPU types "
           f"({slowest[1]})", slowest[0], RECOMMEND)


if __name__ == "__main__":
    main()
    print(table())
