"""One `fit` call and the recommendation table over the whole catalog, against DESIGN.md's
budgets (recompute after one edit <= 2 ms; recommendation table <= 50 ms)."""

import sys
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benches.common import report
from core import params, quant
from core.fit import FitRequest, fit
from core.recommend import recommend
from core.specs import find_model, gpu_catalog, match_gpu


def _clear_caches() -> None:
    # A cold run: nothing remembered from the previous one.
    for cached in (params.tensor_layout, params.params_from_architecture,
                   params.active_params_from_architecture, quant.weights_breakdown):
        cached.cache_clear()


def main() -> None:
    model = find_model("meta-llama/Llama-3.1-70B")
    request = FitRequest(model, "Q4_K_M", gpu=match_gpu("NVIDIA A100-SXM4-80GB"))
    report("fit: Llama 3.1 70B Q4_K_M on 1 x A100 (warm)", partial(fit, request), 2.0,
           repeats=200)
    report("fit: Llama 3.1 70B Q4_K_M on 1 x A100 (cold caches)", partial(fit, request), 2.0,
           setup=_clear_caches)
    edited = FitRequest(model, "Q4_K_M", gpu=match_gpu("rtx-4090"), gpus=2, context=16384)
    report("fit: edited request, no fit (alternatives searched)", partial(fit, edited), 2.0,
           repeats=50)
    gpu = match_gpu("rtx-4090")
    report("recommend: whole catalog on up to 2 x RTX 4090", partial(recommend, gpu, 2), 50.0,
           repeats=10)
    report("recommend: whole catalog on up to 8 x H100 SXM",
           partial(recommend, match_gpu("h100-sxm"), 8), 50.0, repeats=10)
    report(f"recommend: 1..8 GPUs of all {len(gpu_catalog())} catalog GPUs (per GPU type)",
           lambda: [recommend(g, 8) for g in gpu_catalog()], 50.0 * len(gpu_catalog()),
           repeats=3)


if __name__ == "__main__":
    main()
