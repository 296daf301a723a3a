"""GPU name matching and catalog validation."""

import pytest

from core.errors import InputError
from core.hardware.gpus import gpu_catalog, gpu_from_record, match_gpu
from core.model.spec import model_catalog


@pytest.mark.parametrize(("name", "gpu_id"), [
    # names as nvidia-smi and NVML print them (REFERENCES.md)
    ("NVIDIA H100 80GB HBM3", "h100-sxm"),
    ("NVIDIA H100 PCIe", "h100-pcie"),
    ("NVIDIA A100-SXM4-80GB", "a100-sxm4-80gb"),
    ("NVIDIA A100-SXM4-40GB", "a100-sxm4-40gb"),
    ("NVIDIA A100 80GB PCIe", "a100-pcie-80gb"),
    ("NVIDIA A100-PCIE-40GB", "a100-pcie-40gb"),
    ("NVIDIA GeForce RTX 4090", "rtx-4090"),
    ("NVIDIA RTX 6000 Ada Generation", "rtx-6000-ada"),
    ("NVIDIA RTX A6000", "rtx-a6000"),
    ("NVIDIA L40S", "l40s"),
    ("NVIDIA A10G", "a10g"),
    ("nvidia l4", "l4"),
    ("rtx 4090", "rtx-4090"),
    ("4090", "rtx-4090"),
    ("h200-sxm", "h200-sxm"),
    ("MI300X", "mi300x"),
])
def test_gpu_names_match_catalog_entries(name, gpu_id):
    assert match_gpu(name).id == gpu_id


def test_ambiguous_gpu_name_lists_candidates():
    with pytest.raises(InputError, match="ambiguous.*h100-sxm.*h100-pcie"):
        match_gpu("H100")


def test_unknown_gpu_name_lists_known_ones():
    with pytest.raises(InputError, match="unknown GPU 'Voodoo 5'; known GPUs: .*rtx-4090"):
        match_gpu("Voodoo 5")


def test_every_catalog_gpu_has_a_source_and_dated_or_unknown_price():
    for gpu in gpu_catalog():
        assert gpu.source, gpu.id
        assert gpu.price_usd is None or (gpu.price_usd > 0 and gpu.price_date and gpu.price_source)


def test_h100_memory_is_what_the_driver_reports():
    # REFERENCES.md: an H100 80GB shows 81559 MiB
    assert match_gpu("NVIDIA H100 80GB HBM3").memory_mib == 81559


def test_catalog_holds_the_required_models():
    ids = {model.id for model in model_catalog()}
    for required in ("meta-llama/Llama-2-7b-hf", "meta-llama/Llama-3.1-405B",
                     "mistralai/Mixtral-8x7B-v0.1", "Qwen/Qwen2.5-72B", "google/gemma-2-27b",
                     "microsoft/Phi-3-mini-4k-instruct", "meta-llama/Llama-3.2-1B"):
        assert required in ids


def test_negative_catalog_figure_is_rejected_with_the_field_named():
    record = {"id": "bad", "name": "Bad", "memory_gb": 24, "memory_mib": 24000,
              "bandwidth_gbps": -5, "tdp_watts": 100, "interconnect_gbps": 64}
    with pytest.raises(InputError, match="bandwidth_gbps.*negative"):
        gpu_from_record(record)
