"""Reading a probe: parsing nvidia-smi output of an 8-GPU server, reading a profile file,
grouping its GPUs and planning on them. No budget in DESIGN.md covers these (the probe itself
waits on the driver or the network); the figures show what the planner's side adds."""

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benches.common import report, table
from core.hardware.probe.smi import Section, profile_from_sections
from core.hardware.profile import HostInfo, load_profile, profile_to_dict
from core.hardware.targets import gpu_targets
from core.model.spec import find_model
from core.serving.memory import FitRequest
from core.serving.placement import fit_on_profile

# One row per GPU in the probe's query order; 81559 MiB is an H100 80GB as its driver reports.
ROW = ("{i}, NVIDIA H100 80GB HBM3, GPU-{i:08d}, 00000000:{i:02X}:00.0, 550.54.15, 81559, 520, "
       "{used}, {free}, 9.0, 1980, 2619, 700.00, 71.00, 0, 33, Enabled, Default, Enabled, "
       "Disabled")


def main() -> None:
    text = "\n".join(ROW.format(i=i, used=i * 1000, free=81559 - 520 - i * 1000)
                     for i in range(8))
    sections = {"gpus": Section(0, text), "apps": Section(0, ""), "list": Section(0, "")}
    host = HostInfo(name="bench")
    report("probe: parse nvidia-smi output of 8 GPUs",
           lambda: profile_from_sections(sections, host, "2026-11-21T10:00:00+00:00", True),
           None, repeats=50)
    profile = profile_from_sections(sections, host, "2026-11-21T10:00:00+00:00", True)
    path = Path(tempfile.mkdtemp()) / "server.json"
    path.write_text(json.dumps(profile_to_dict(profile)))
    report("probe: read a profile file of 8 GPUs", lambda: load_profile(path), None, repeats=50)
    report("probe: group 8 GPUs into fit targets", lambda: gpu_targets(profile), None,
           repeats=50)
    request = FitRequest(find_model("meta-llama/Llama-3.1-70B"), "fp8", context=8192,
                         concurrency=16)
    report("probe: fit Llama 3.1 70B FP8 on free and total memory",
           lambda: fit_on_profile(request, profile), None, repeats=50)


if __name__ == "__main__":
    main()
    print(table())
