"""benches/peer_aiconfigurator.py: NVIDIA's aiconfigurator is an optional bench extra, so the
accuracy report must run without it, and a row it cannot run must not stop the others."""

import sys
import types

import pytest

from benches.peer_aiconfigurator import peer_figures
from benches.serving_accuracy import load_rows


def _hide(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [n for n in sys.modules if n.split(".")[0] == "aiconfigurator"]:
        monkeypatch.delitem(sys.modules, name)
    for name in ("aiconfigurator", "aiconfigurator.cli", "aiconfigurator.cli.api"):
        monkeypatch.setitem(sys.modules, name, None)  # import of these raises ImportError


def _fake(monkeypatch: pytest.MonkeyPatch, estimate) -> None:
    _hide(monkeypatch)
    names = ("aiconfigurator", "aiconfigurator.cli", "aiconfigurator.cli.api",
             "aiconfigurator.sdk", "aiconfigurator.sdk.common", "aiconfigurator.sdk.models",
             "aiconfigurator.sdk.models.helpers", "aiconfigurator.sdk.perf_database")
    modules = {name: types.ModuleType(name) for name in names}
    modules["aiconfigurator.cli.api"].cli_estimate = estimate
    modules["aiconfigurator.sdk.common"].DefaultHFModels = {"meta-llama/Meta-Llama-3.1-70B"}
    modules["aiconfigurator.sdk.models.helpers"].check_is_moe = lambda model: False
    modules["aiconfigurator.sdk.perf_database"].get_latest_database_version = \
        lambda system, backend: "1.3.0rc20"
    for name, module in modules.items():
        monkeypatch.setitem(sys.modules, name, module)


NIM = "nim180-llama33-70b-2xh100-fp8-tp2-5000-500-c25"  # Llama 3.3 70B, 2 x H100, 25 at once


def test_absent_aiconfigurator_gives_no_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    _hide(monkeypatch)
    assert peer_figures(load_rows()) == {}


def test_a_row_it_cannot_run_is_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    def estimate(*args, **kwargs):
        raise ValueError("no perf data")

    _fake(monkeypatch, estimate)
    assert peer_figures(load_rows()) == {}


def test_its_estimate_becomes_the_row_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def estimate(model, system, **kwargs):
        calls.append((model, system, kwargs))
        raw = {"tokens/s": 600.0}
        return types.SimpleNamespace(ttft=1200.0, tpot=40.0, raw=raw, kv_cache_warning=None)

    _fake(monkeypatch, estimate)
    rows = [row for row in load_rows() if row.id == NIM]
    versions: dict[str, str] = {}
    assert peer_figures(rows, versions) == {NIM: {
        "output_tokens_per_s": 600.0, "tokens_per_s_per_user": 25.0, "ttft_s": 1.2}}
    assert versions == {NIM: "trtllm 1.3.0rc20 on h100_sxm"}
    model, system, kwargs = calls[0]
    assert (model, system) == ("meta-llama/Meta-Llama-3.1-70B", "h100_sxm")
    assert (kwargs["batch_size"], kwargs["tp_size"], kwargs["isl"], kwargs["osl"]) == \
        (25, 2, 5000, 500)
    assert (kwargs["gemm_quant_mode"], kwargs["kvcache_quant_mode"]) == ("fp8", "fp8")
