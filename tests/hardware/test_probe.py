"""The local probe through a fake NVML (named scenarios at the pynvml boundary), the nvidia-smi
parser on published outputs, and planning on probed GPUs."""

from dataclasses import replace
from pathlib import Path

import pynvml
import pytest
from fake_nvml import FakeNvml, a100_mig, h100, rtx4090, unknown_a100_40gb

from core.costing.scenario import load_scenario, scenario_from_dict, scenario_to_dict
from core.errors import InputError
from core.hardware.gpus import match_gpu
from core.hardware.probe.local import probe_local
from core.hardware.probe.smi import (
    BASIC_FIELDS,
    QUERY_FIELDS,
    Section,
    parse_list,
    parse_query_gpu,
    parse_rows,
    profile_from_sections,
)
from core.hardware.profile import HostInfo, load_profile, profile_from_dict, profile_to_dict
from core.hardware.targets import gpu_targets
from core.model.spec import find_model
from core.serving.memory import FitRequest
from core.serving.placement import fit_on_profile
from core.units import GB, MiB

SMI = Path(__file__).parents[1] / "data" / "nvidia-smi"


def recorded(name: str) -> tuple[str, str]:
    """A published output without its # lines, and the command that printed it."""
    lines = (SMI / name).read_text().splitlines()
    command = next(line.split(": ", 1)[1] for line in lines if line.startswith("# command"))
    return "\n".join(line for line in lines if not line.startswith("#")), command


def query_fields(command: str) -> list[str]:
    return command.split("--query-gpu=")[1].split()[0].split(",")


@pytest.fixture
def no_smi(monkeypatch, tmp_path):
    """No nvidia-smi on PATH, so the probe cannot fall back to it."""
    monkeypatch.setenv("PATH", str(tmp_path))


# --- NVML scenarios --------------------------------------------------------------------------


def test_two_different_gpus_are_read_with_every_field(monkeypatch, no_smi):
    fake = FakeNvml([h100(), rtx4090(processes=((4242, "python3", 18000),))]).install(monkeypatch)
    profile = probe_local()
    assert profile.ok and profile.source == "nvml" and fake.shutdowns == 1
    assert profile.driver_version == "550.54.15"
    assert profile.cuda_driver_version == "12.4"  # NVML's 12040
    first, second = profile.gpus
    assert first.name == "NVIDIA H100 80GB HBM3"
    assert first.memory_total_bytes == 81559 * MiB
    assert first.memory_reserved_bytes == 520 * MiB
    assert first.memory_free_bytes == (81559 - 520) * MiB
    assert first.compute_capability == "9.0"
    assert first.power_limit_watts == 700.0  # NVML gives 700000 mW
    assert first.nvlink_active_links == 18
    assert first.ecc_enabled is True and first.persistence_mode is True
    assert first.compute_mode == "Default"
    assert second.compute_capability == "8.9"
    assert second.nvlink_active_links is None  # no NVLink on a GeForce
    assert second.processes[0].name == "python3"
    assert second.processes[0].used_memory_bytes == 18000 * MiB
    targets = gpu_targets(profile)
    assert {target.spec.id for target in targets if target.spec} == {"h100-sxm", "rtx-4090"}


def test_a_field_the_gpu_does_not_support_is_not_available(monkeypatch, no_smi):
    FakeNvml([rtx4090(unsupported={"nvmlDeviceGetEccMode", "nvmlDeviceGetMigMode",
                                   "nvmlDeviceGetPowerUsage", "nvmlDeviceGetMemoryBusWidth"})]
             ).install(monkeypatch)
    gpu = probe_local().gpus[0]
    assert gpu.power_draw_watts is None and gpu.memory_bus_width_bits is None
    assert gpu.ecc_enabled is None and gpu.mig_enabled is None
    assert gpu.memory_total_bytes == 24564 * MiB  # the rest is still read


def test_a_lost_gpu_becomes_a_marked_row_and_the_others_are_kept(monkeypatch, no_smi):
    FakeNvml([h100(), h100(uuid="GPU-lost", bus="00000000:3B:00.0",
                           lost_at="nvmlDeviceGetMemoryInfo")]).install(monkeypatch)
    profile = probe_local()
    assert profile.ok
    assert not profile.gpus[0].lost
    lost = profile.gpus[1]
    assert lost.lost and lost.pci_bus_id == "00000000:3B:00.0"
    assert "lost" in lost.error.lower()
    assert any("could not be read" in note for note in profile.notes)
    assert [target.count for target in gpu_targets(profile)] == [1]


def test_mig_instances_are_listed_with_their_own_memory(monkeypatch, no_smi):
    FakeNvml([a100_mig()]).install(monkeypatch)
    gpu = probe_local().gpus[0]
    assert gpu.mig_enabled is True
    assert [instance.profile for instance in gpu.mig_instances] == ["2g.20gb"] * 3
    # 19968 MiB slices with 14366, 9826 and 13 MiB used (nvitop PR 8)
    assert [instance.memory_free_bytes for instance in gpu.mig_instances] == [
        (19968 - 14366) * MiB, (19968 - 9826) * MiB, (19968 - 13) * MiB]


def test_a_mig_slice_is_planned_as_its_own_small_gpu(monkeypatch, no_smi):
    FakeNvml([a100_mig()]).install(monkeypatch)
    profile = probe_local()
    targets = gpu_targets(profile)
    assert len(targets) == 3 and all(target.count == 1 for target in targets)
    catalog = match_gpu("a100-sxm4-80gb")
    slice_spec = targets[0].spec
    assert slice_spec.memory_mib == 19968
    assert slice_spec.bandwidth_gbps == pytest.approx(catalog.bandwidth_gbps * 19968 / 81920)
    assert slice_spec.bf16_tflops == pytest.approx(catalog.bf16_tflops * 2 / 7)
    # the emptiest slice comes first
    assert targets[0].free_bytes == (19968 - 13) * MiB


@pytest.mark.parametrize(("error", "status", "hint"), [
    (pynvml.NVML_ERROR_LIBRARY_NOT_FOUND, "no_library", "NVML ships with the NVIDIA driver"),
    (pynvml.NVML_ERROR_DRIVER_NOT_LOADED, "driver_not_loaded", "not loaded"),
    (pynvml.NVML_ERROR_LIB_RM_VERSION_MISMATCH, "driver_mismatch", "different versions"),
    (pynvml.NVML_ERROR_NO_PERMISSION, "no_permission", "no permission"),
])
def test_nvml_start_failures_become_a_status_with_a_hint(monkeypatch, no_smi, error, status,
                                                         hint):
    FakeNvml([], init_error=error).install(monkeypatch)
    profile = probe_local()
    assert not profile.ok and profile.status == status and hint in profile.message
    assert profile.gpus == ()


def test_no_gpu_is_a_status(monkeypatch, no_smi):
    FakeNvml([]).install(monkeypatch)
    assert probe_local().status == "no_gpu"


def test_old_drivers_without_v2_memory_info_still_give_memory(monkeypatch, no_smi):
    FakeNvml([h100()], v2_memory=False).install(monkeypatch)
    gpu = probe_local().gpus[0]
    assert gpu.memory_total_bytes == 81559 * MiB and gpu.memory_reserved_bytes is None


def test_without_nvml_the_local_nvidia_smi_is_used(monkeypatch, tmp_path):
    text, _ = recorded("a800-sxm4-80gb-query.csv")
    (tmp_path / "out.csv").write_text(text + "\n")
    smi = tmp_path / "nvidia-smi"
    smi.write_text(f"#!/bin/sh\ncase \"$1\" in --query-gpu=*) /bin/cat {tmp_path / 'out.csv'};; "
                   "esac\n")
    smi.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    FakeNvml([], init_error=pynvml.NVML_ERROR_LIBRARY_NOT_FOUND).install(monkeypatch)
    profile = probe_local()
    assert profile.ok and profile.source == "nvidia-smi" and not profile.via_ssh
    assert [gpu.name for gpu in profile.gpus] == ["NVIDIA A800-SXM4-80GB"] * 2


# --- nvidia-smi output -----------------------------------------------------------------------


def test_a_published_query_with_its_own_field_list_is_parsed_exactly():
    text, command = recorded("rtx2080-query.csv")
    gpu, = parse_query_gpu(text, query_fields(command))
    assert gpu.name == "GeForce RTX 2080"
    assert gpu.uuid == "GPU-22b2c6ac-2d49-4863-197c-9c469071178a"
    assert gpu.memory_total_bytes == 7979 * MiB
    assert gpu.power_limit_watts == 200.0 and gpu.power_draw_watts == 176.98
    assert gpu.temperature_c == 45 and gpu.utilization_pct == 86
    assert gpu.memory_free_bytes is None  # not asked for


def test_not_available_markers_become_none():
    text, command = recorded("na-fields-query.csv")
    row, = parse_rows(text, query_fields(command))
    assert row["fan.speed"] is None and row["memory.total"] == "2004"
    gpu, = parse_query_gpu(text, query_fields(command))
    assert gpu.name is None and gpu.memory_free_bytes == 2004 * MiB


def test_the_probes_own_query_is_parsed_with_modes_and_switches():
    text, command = recorded("a800-sxm4-80gb-query.csv")
    assert query_fields(command) == list(QUERY_FIELDS)
    first, second = parse_query_gpu(text)
    assert (first.index, second.index) == (0, 1)
    assert first.memory_used_bytes == 34447 * MiB and second.memory_used_bytes == 34639 * MiB
    assert first.persistence_mode is True and first.mig_enabled is False
    assert first.compute_mode == "Default" and first.uuid is None
    assert first.power_draw_watts == 125.0 and first.temperature_c == 49


def test_a_header_with_units_names_the_fields():
    # 81559 MiB: an H100 80GB as the driver reports it (modal-labs/modal-client PR 2797)
    gpu, = parse_query_gpu("index, name, memory.total [MiB], power.limit [W]\n"
                           "0, NVIDIA H100 80GB HBM3, 81559 MiB, 700.00 W\n", BASIC_FIELDS)
    assert gpu.memory_total_bytes == 81559 * MiB and gpu.power_limit_watts == 700.0


def test_a_gpu_nvidia_smi_cannot_reach_becomes_a_lost_row():
    text, _ = recorded("a800-sxm4-80gb-query.csv")
    first_row = text.splitlines()[0]
    gpus = parse_query_gpu("Unable to determine the device handle for GPU0000:3B:00.0: "
                           f"Unknown Error\n{first_row}\n")
    assert [gpu.lost for gpu in gpus] == [False, True]
    assert gpus[1].pci_bus_id == "0000:3B:00.0" and gpus[1].error == "Unknown Error"


@pytest.mark.parametrize(("name", "expected"), [
    ("a100-sxm4-80gb-mig-1g10gb-list.txt", {0: ["1g.10gb"] * 7}),
    ("a100-sxm4-80gb-mixed-mig-list.txt", {0: ["1g.20gb"] * 4, 1: [], 2: [], 3: []}),
    ("a100-80gb-pcie-mig-3g40gb-list.txt", {0: ["3g.40gb"] * 2}),
])
def test_mig_devices_from_published_gpu_lists(name, expected):
    text, _ = recorded(name)
    instances = parse_list(text)
    assert {index: [i.profile for i in items] for index, items in instances.items()} == expected
    first = instances[0][0]
    assert first.uuid.startswith("MIG-") and not first.memory_measured
    assert first.memory_total_bytes == int(first.profile.split(".")[1][:-2]) * GB


@pytest.mark.parametrize(("output", "status"), [
    ("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure "
     "that the latest NVIDIA driver is installed and running.", "driver_not_loaded"),
    ("Failed to initialize NVML: Driver/library version mismatch", "driver_mismatch"),
    ("No devices were found", "no_gpu"),
    ("something else entirely", "failed"),
])
def test_nvidia_smi_failures_become_a_status(output, status):
    profile = profile_from_sections({"gpus": Section(9, output)}, HostInfo(name="h"),
                                    "2026-11-21T10:00:00+00:00", via_ssh=False)
    assert profile.status == status and not profile.ok and profile.message


def test_an_old_driver_is_asked_again_for_the_basic_fields():
    text, _ = recorded("a800-sxm4-80gb-query.csv")
    basic = "\n".join(", ".join(row.split(", ")[i] for i in (0, 1, 2, 3, 4, 5, 7, 8, 12, 13,
                                                             14, 15))
                      for row in text.splitlines())
    sections = {"gpus": Section(2, 'Field "memory.reserved" is not a valid field to query.'),
                "gpus-basic": Section(0, basic)}
    profile = profile_from_sections(sections, HostInfo(), "2026-11-21T10:00:00+00:00", False)
    assert profile.ok and profile.gpus[0].memory_used_bytes == 34447 * MiB
    assert any("does not know all fields" in note for note in profile.notes)


# --- profile files and planning on them -------------------------------------------------------


def test_a_profile_survives_its_file_format(monkeypatch, no_smi, tmp_path):
    FakeNvml([a100_mig(), h100(processes=((7, "vllm", 60000),))]).install(monkeypatch)
    profile = probe_local()
    document = profile_to_dict(profile)
    assert document["format"] == "llmplan-hardware-profile" and document["format_version"] == 1
    assert profile_from_dict(document) == profile


@pytest.mark.parametrize(("change", "message"), [
    ({"format_version": 9}, "newer than this program reads"),
    ({"format": "something"}, "not an llmplan-hardware-profile file"),
    ({"taken_at": "yesterday"}, "not an ISO 8601 time"),
    ({"gpus": [{"index": 0, "memory_total_bytes": -1}]}, "gpus[0].memory_total_bytes"),
    ({"gpus": [{"index": 0}, {"index": 0}]}, "index 0 is used twice"),
    ({"gpus": [{"index": 0, "memory_total_bytes": 10, "memory_free_bytes": 20}]},
     "more than memory_total_bytes"),
    ({"status": "great"}, "status: 'great' is not one of"),
    ({"gpus": [{"index": 0, "bandwidth_gbps": 0}]}, "bandwidth_gbps"),
])
def test_a_wrong_profile_file_names_the_field(change, message):
    document = {"format": "llmplan-hardware-profile", "format_version": 1,
                "taken_at": "2026-11-21T10:00:00+00:00", **change}
    with pytest.raises(InputError, match=message.replace("[", r"\[").replace("]", r"\]")):
        profile_from_dict(document)


def test_a_profile_file_that_is_not_json_is_named(tmp_path):
    path = tmp_path / "server.json"
    path.write_text("{not json")
    with pytest.raises(InputError, match="server.json is not valid JSON"):
        load_profile(path)


def test_the_fit_uses_what_is_free_and_says_when_total_memory_differs(monkeypatch, no_smi):
    # 60,000 MiB held by another process leaves about 20 GiB of the H100's 79.6 GiB
    FakeNvml([h100(used_mib=60000, processes=((7, "vllm", 60000),))]).install(monkeypatch)
    profile = probe_local()
    request = FitRequest(find_model("meta-llama/Llama-3.1-8B"), "bf16", context=8192,
                         concurrency=8)
    planned = fit_on_profile(request, profile)
    assert planned.on_total.fits is True and planned.result.fits is False
    assert planned.result.gpu_memory_bytes == (81559 - 520 - 60000) * MiB
    assert any("not on what is free now" in note and "vllm (pid 7)" in note
               for note in map(str, planned.result.notes))


def test_an_idle_gpu_gives_the_same_answer_on_free_and_total_memory(monkeypatch, no_smi):
    FakeNvml([h100()]).install(monkeypatch)
    request = FitRequest(find_model("meta-llama/Llama-3.1-8B"), "bf16")
    planned = fit_on_profile(request, probe_local())
    assert planned.result.fits and planned.on_total.fits
    assert not any("not on what is free now" in str(note) for note in planned.result.notes)


def test_an_unknown_gpu_keeps_its_memory_and_estimates_bandwidth_from_its_bus(monkeypatch,
                                                                             no_smi):
    FakeNvml([unknown_a100_40gb()]).install(monkeypatch)
    target, = gpu_targets(probe_local())
    # 5120-bit x 1215 MHz x 2 transfers = 1555.2 GB/s; the A100 40GB datasheet says 1555 GB/s
    assert target.spec.bandwidth_gbps == pytest.approx(1555.2)
    assert target.spec.memory_mib == 40960 and target.spec.bf16_tflops is None
    assert "estimated from its 5120-bit bus" in str(target.notes[0])


def test_an_unknown_gpu_without_bus_figures_asks_for_them():
    text, _ = recorded("a800-sxm4-80gb-query.csv")
    profile = profile_from_sections({"gpus": Section(0, text)}, HostInfo(name="h"),
                                    "2026-11-21T10:00:00+00:00", via_ssh=True)
    target, = gpu_targets(profile)
    assert target.spec is None and target.count == 2
    assert "bandwidth_gbps" in target.missing and "80.00 GiB" in target.missing
    with pytest.raises(InputError, match="bandwidth_gbps"):
        fit_on_profile(FitRequest(find_model("Qwen/Qwen2.5-7B"), "bf16"), profile)
    # the planner adds the figure to the file, and the fit runs
    figured = replace(profile, gpus=tuple(replace(gpu, bandwidth_gbps=2039.0)
                                          for gpu in profile.gpus))
    planned = fit_on_profile(FitRequest(find_model("Qwen/Qwen2.5-7B"), "bf16"), figured)
    assert planned.result.fits and planned.result.gpus == 2
    assert planned.result.gpu_memory_bytes == (81920 - 34639) * MiB  # the fuller GPU decides


def _scenario_with(option_changes: dict, hardware: dict) -> dict:

    example = Path(__file__).parents[2] / "resources" / "examples" / \
        "support-assistant.llmplan.json"
    document = scenario_to_dict(load_scenario(example))
    document["options"][3].update(option_changes)
    document["hardware"] = hardware
    return document


def test_a_scenario_keeps_its_probed_hardware_through_its_file(monkeypatch, no_smi):

    FakeNvml([h100()]).install(monkeypatch)
    embedded = profile_to_dict(probe_local())
    del embedded["format"], embedded["format_version"]
    document = _scenario_with({"gpu": None, "profile": "lab"}, {"lab": embedded})
    del document["options"][3]["gpu"]
    scenario = scenario_from_dict(document)
    assert scenario.hardware["lab"].gpus[0].memory_total_bytes == 81559 * MiB
    assert scenario_from_dict(scenario_to_dict(scenario)) == scenario


@pytest.mark.parametrize(("changes", "message"), [
    ({"profile": "lab"}, "give gpu or profile, not both"),
    ({"gpu": None, "profile": "elsewhere"}, "no hardware profile 'elsewhere'"),
])
def test_a_scenario_option_naming_wrong_hardware_is_refused(changes, message):

    document = _scenario_with(changes, {"lab": {"taken_at": "2026-11-21T10:00:00+00:00"}})
    document["options"][3] = {k: v for k, v in document["options"][3].items() if v is not None}
    with pytest.raises(InputError, match=message):
        scenario_from_dict(document)


def test_embedded_hardware_is_checked_like_a_profile_file():

    document = _scenario_with({}, {"lab": {"taken_at": "soon"}})
    with pytest.raises(InputError, match="hardware.lab: taken_at: 'soon'"):
        scenario_from_dict(document)


def test_gpus_lost_while_counting_them_is_a_status_not_a_crash(monkeypatch, no_smi):
    FakeNvml([h100()]).install(monkeypatch)

    def lost() -> int:
        raise pynvml.NVMLError(pynvml.NVML_ERROR_GPU_IS_LOST)

    monkeypatch.setattr(pynvml, "nvmlDeviceGetCount", lost)
    profile = probe_local()
    assert profile.status == "failed" and "lost" in profile.message
