"""Planning on probed GPUs says in words which catalog GPU a probed one is, what was estimated
and what memory a plan used: messages, English by str(), German with German number formats and
plural forms (issue 24). What the probe itself wrote into a profile file stays as stored."""

from core.hardware.profile import GpuProcess, HardwareProfile, HostInfo, MigInstance, ProbedGpu
from core.hardware.targets import gpu_targets, usable_gpu
from core.i18n.render import render
from core.model.spec import find_model
from core.serving.memory import FitRequest
from core.serving.placement import fit_on_profile
from core.units import GiB, MiB

TAKEN = "2026-12-03T10:00:00+00:00"


def _h100(index: int, used_mib: int = 0, processes: tuple[GpuProcess, ...] = ()) -> ProbedGpu:
    # an H100 SXM as NVML reports it: 81,559 MiB, 520 MiB of them reserved by the driver
    total = 81559 * MiB
    return ProbedGpu(index=index, name="NVIDIA H100 80GB HBM3", memory_total_bytes=total,
                     memory_used_bytes=used_mib * MiB,
                     memory_free_bytes=total - (520 + used_mib) * MiB, processes=processes)


def _profile(*gpus: ProbedGpu) -> HardwareProfile:
    return HardwareProfile(taken_at=TAKEN, host=HostInfo(name="lab"), gpus=gpus)


def test_the_placement_note_gives_free_and_total_memory_in_german():
    placement = usable_gpu(_profile(_h100(0), _h100(1)))
    free, total = placement.target.free_bytes / GiB, placement.target.total_bytes / GiB
    # 81,559 - 520 MiB free of 81,559 MiB: 79.14 of 79.65 GiB
    assert (round(free, 2), round(total, 2)) == (79.14, 79.65)
    assert render(placement.note, "de") == (
        "geplant auf 2 von 2 x NVIDIA H100 80GB HBM3, gemessen auf lab, 2026-12-03T10:00:00+00:00,"
        " mit dem damals freien Speicher (79,14 GiB von 79,65 GiB pro GPU)")
    assert str(placement.note) == (
        "planned on 2 of 2 x NVIDIA H100 80GB HBM3 probed on lab, 2026-12-03T10:00:00+00:00, "
        "with the memory free at that time (79.14 GiB of 79.65 GiB per GPU)")
    assert render(placement.target.notes[0], "de") == (
        "NVIDIA H100 80GB HBM3 ist die H100 SXM 80GB des Katalogs (h100-sxm)")


def test_memory_held_by_another_process_is_named_in_german():
    # vLLM holds 60,000 MiB (58.59 GiB) of the one H100, the driver 520 MiB: 59.10 GiB in use.
    # Llama 3.1 8B at 8 x 8,192 tokens fits the card's whole memory but not what is free
    gpu = _h100(0, 60000, (GpuProcess(pid=7, name="vllm", used_memory_bytes=60000 * MiB),))
    request = FitRequest(find_model("meta-llama/Llama-3.1-8B"), "bf16", context=8192,
                         concurrency=8)
    planned = fit_on_profile(request, _profile(gpu))
    german = [render(note, "de") for note in planned.notes]
    assert ("passt in den gesamten Speicher der GPUs, aber nicht in den jetzt freien: 59,10 GiB "
            "pro GPU sind belegt; belegt von vllm (pid 7) 58.59 GiB") in german
    assert ("fits on the GPUs' whole memory but not on what is free now: 59.10 GiB per GPU is "
            "in use; held by vllm (pid 7) 58.59 GiB") in [str(note) for note in planned.notes]


def test_an_unknown_gpu_and_a_mig_slice_are_explained_in_german():
    # 5120-bit bus x 1215 MHz x 2 transfers = 1,555 GB/s (the A100 40GB's datasheet figure)
    unknown = ProbedGpu(index=0, name="NVIDIA Example Accelerator",
                        memory_total_bytes=40960 * MiB, memory_free_bytes=40960 * MiB,
                        memory_bus_width_bits=5120, max_memory_clock_mhz=1215)
    target, = gpu_targets(_profile(unknown))
    assert render(target.notes[0], "de").startswith(
        "NVIDIA Example Accelerator ist nicht im GPU-Katalog: Bandbreite 1.555 GB/s, geschätzt "
        "aus dem 5120-Bit-Bus bei 1215 MHz; keine Rechenleistung bekannt")
    assert str(target.notes[0]).startswith(
        "NVIDIA Example Accelerator is not in the GPU catalog: bandwidth 1,555 GB/s estimated "
        "from its 5120-bit bus at 1215 MHz")
    # a 2g.20gb slice of an A100 80GB whose size comes from nvidia-smi -L: 19,968 MiB
    mig = ProbedGpu(index=1, name="NVIDIA A100-SXM4-80GB", memory_total_bytes=81920 * MiB,
                    mig_enabled=True, mig_instances=(MigInstance(
                        profile="2g.20gb", memory_total_bytes=19968 * MiB,
                        memory_measured=False),))
    target, = gpu_targets(_profile(mig))
    assert [render(note, "de") for note in target.notes] == [
        "ein MIG-Teil wird als GPU mit seinem eigenen Speicher geplant, mit Bandbreite im "
        "Verhältnis zu seinem Anteil am Speicher und Rechenleistung im Verhältnis zu seinem "
        "Anteil an den Teilen",
        "MIG 2g.20gb #0 on GPU 1: Speicher 19,50 GiB aus dem Profilnamen"]
